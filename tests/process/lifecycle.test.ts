import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
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

function spawnServer(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; output: () => string; stdout: () => string } {
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
      ...extraEnv,
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
      expect.stringMatching(
        /^seed: anchorage-summit-article loaded \(\d+ events, \d+ actors, \d+ statements, \d+ positions\)$/,
      ),
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
      expect(messages(second)).toContainEqual(expect.stringMatching(/^seed: anchorage-summit-article unchanged \(/));
      expect(await summitTitle(second.url)).toEqual(SUMMIT);
    } finally {
      const exited = once(second.child, "exit");
      second.child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
    }
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });

  it("on SIGTERM lets the requests in flight finish, then exits 0", async () => {
    const server = await startServer(dataDir);
    const port = /^database: embedded PostgreSQL on 127\.0\.0\.1:(\d+)/m.exec(messages(server).join("\n"))![1];
    // A lock holds every request's statement, so they are all in flight when the signal comes.
    const locker = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres` });
    await locker.connect();
    await locker.query(`BEGIN; LOCK TABLE "Statement" IN ACCESS EXCLUSIVE MODE`);
    const answers = Promise.all(
      Array.from({ length: 12 }, async () => {
        const response = await fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ statements(first: 3) { nodes { text } } }" }),
        });
        const body = (await response.json()) as { data?: { statements: { nodes: unknown[] } } };
        return { status: response.status, items: body.data?.statements.nodes.length };
      }),
    );
    await delay(500);
    const exited = once(server.child, "exit");
    server.child.kill("SIGTERM");
    await delay(1_000);
    await locker.query("COMMIT");
    await locker.end();
    expect(await answers).toEqual(Array(12).fill({ status: 200, items: 3 }));
    expect(await exited).toEqual([0, null]);
    const logged = messages(server);
    // The requests' own lines come between: they finished after the signal.
    const from = logged.indexOf("SIGTERM: shutting down");
    expect(logged.slice(from + 1, -1).filter((line) => line === "POST /graphql 200").length).toBeGreaterThan(0);
    expect(logged[logged.length - 1]).toBe("stopped");
  });

  it("refuses, in one line, a data folder it cannot write", async () => {
    const server = spawnServer(dataDir, { EMBEDDED_PG_DIR: "/dev/null/postgres" });
    const [code] = (await once(server.child, "exit")) as [number];
    expect(code).toBe(1);
    expect(
      server
        .output()
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith("{")),
    ).toEqual([
      "cannot start: the embedded PostgreSQL's data folder /dev/null/postgres cannot be written (ENOTDIR). Set EMBEDDED_PG_DIR to a writable folder (or mount a volume there), or set DATABASE_URL to use a PostgreSQL server.",
    ]);
  });
});
