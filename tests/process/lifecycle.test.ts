import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GraphQLResponse } from "../helpers/server";
import { splitCost } from "../helpers/server";

// The server as `npm start` runs it, with its own embedded PostgreSQL in a fresh folder.
const ROOT = path.join(__dirname, "../..");

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  stdout: () => string;
}

const READY_TIMEOUT_MS = 45_000;
const running = new Set<ChildProcess>();

function spawnServer(dataDir: string): { child: ChildProcess; output: () => string; stdout: () => string } {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "src/main.ts"], {
    cwd: ROOT,
    // Only what the server needs: nothing from the environment running the tests changes it.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      EMBEDDED_PG_DIR: dataDir,
    },
    // Its own process group, so a signal to the group reaches PostgreSQL too, as Ctrl-C does.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, stdout: () => stdout };
}

/** Its stdout is not a terminal, so it logs JSON: every line an object with a `msg`. */
function messages(server: { stdout: () => string }): string[] {
  return server
    .stdout()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

/** Resolves when the output matches, rejects if the process exits first or takes too long. */
function waitFor(server: { child: ChildProcess; output: () => string }, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in time:\n${server.output()}`)), READY_TIMEOUT_MS);
    const check = () => {
      const match = pattern.exec(server.output());
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    server.child.stdout!.on("data", check);
    server.child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${server.output()}`));
    });
    check();
  });
}

async function startServer(dataDir: string): Promise<Started> {
  const server = spawnServer(dataDir);
  const [, url, playground] = await waitFor(server, /GraphQL server ready at (\S+) \(playground at (\S+)\)/);
  // The playground the ready line names is where it is served.
  const page = await fetch(playground!);
  expect({ status: page.status, type: page.headers.get("content-type") }).toEqual({
    status: 200,
    type: "text/html; charset=utf-8",
  });
  return { ...server, url: url! };
}

async function summitTitle(url: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ event(slug: "anchorage-summit-2025") { title } }` }),
  });
  const { body, cost } = splitCost((await response.json()) as GraphQLResponse["body"]);
  // The server runs with its default rate limit: the title costs 1 point of 10,000 a minute.
  expect(cost).toEqual({ requested: 1, limit: 1000, remaining: expect.any(Number), resetsIn: expect.any(Number) });
  expect(cost!.remaining).toBeLessThan(10_000);
  return body;
}

const SUMMIT = { data: { event: { title: "Trump–Putin summit in Anchorage" } } };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "news-context-lifecycle-"));
});
afterEach(async () => {
  // A failed test must not leave a server or its PostgreSQL behind.
  for (const child of running) {
    const exited = once(child, "exit");
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the server process", () => {
  it("on Ctrl-C (SIGINT to its process group) drains, stops its embedded PostgreSQL and exits 0", async () => {
    const server = await startServer(dataDir);
    expect(await summitTitle(server.url)).toEqual(SUMMIT);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);

    const exited = once(server.child, "exit");
    process.kill(-server.child.pid!, "SIGINT");
    expect(await exited).toEqual([0, null]);
    expect(server.stdout()).toMatch(/\n$/);
    const logged = messages(server);
    expect(logged.slice(-2)).toEqual(["SIGINT: shutting down", "stopped"]);
    expect(logged).toContainEqual(
      expect.stringMatching(/^database: embedded PostgreSQL on 127\.0\.0\.1:\d+, data in /),
    );
    expect(logged).toContainEqual(
      expect.stringMatching(/^seed: .* \(\d+ events, \d+ actors, \d+ statements, \d+ positions\)$/),
    );
    expect(logged).toContainEqual(
      `GraphQL server ready at ${server.url} (playground at ${new URL("/", server.url).href})`,
    );
    // One line for the request it answered, with its id and SQL statement count.
    expect(server.stdout()).toMatch(/"method":"POST","path":"\/graphql","status":200,.*"sqlStatements":1,/);
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
      expect(messages(second)).toContainEqual(
        expect.stringContaining(`stopping PostgreSQL (pid ${postgresPid}) left running in ${dataDir}`),
      );
      expect(messages(second)).toContain("migrations: up to date");
      expect(await summitTitle(second.url)).toEqual(SUMMIT);
    } finally {
      const exited = once(second.child, "exit");
      second.child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
    }
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });
});
