import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The server as `npm start` runs it, with its own embedded PostgreSQL in a fresh folder.
const ROOT = path.join(__dirname, "../..");

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", EMBEDDED_PG_DIR: dataDir, DATABASE_URL: "" },
    // Its own process group, so a signal to the group reaches PostgreSQL too, as Ctrl-C does.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const ready = /GraphQL server ready at (\S+)/.exec(output);
      if (ready) resolve(ready[1]!);
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, url, output: () => output };
}

async function summitTitle(url: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ event(slug: "anchorage-summit-2025") { title } }` }),
  });
  return response.json();
}

const SUMMIT = { data: { event: { title: "Trump–Putin summit in Anchorage" } } };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "news-context-lifecycle-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the server process", () => {
  it("on Ctrl-C (SIGINT to its process group) drains, stops its embedded PostgreSQL and exits 0", async () => {
    const server = await startServer(dataDir);
    expect(await summitTitle(server.url)).toEqual(SUMMIT);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);

    const exited = once(server.child, "exit");
    process.kill(-server.child.pid!, "SIGINT");
    expect(await exited).toEqual([0, null]);
    expect(server.output()).toMatch(/SIGINT: shutting down\nstopped\n$/);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });

  it("starts again after a kill -9 left its PostgreSQL running, with the same data", async () => {
    const first = await startServer(dataDir);
    const postgresPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const killed = once(first.child, "exit");
    first.child.kill("SIGKILL");
    expect(await killed).toEqual([null, "SIGKILL"]);

    const second = await startServer(dataDir);
    try {
      expect(second.output()).toContain(`stopping PostgreSQL (pid ${postgresPid}) left running in ${dataDir}`);
      expect(second.output()).toContain("migrations: up to date");
      expect(await summitTitle(second.url)).toEqual(SUMMIT);
    } finally {
      const exited = once(second.child, "exit");
      second.child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
    }
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });
});
