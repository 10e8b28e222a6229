/**
 * `npm run bench`: load tests of the read path on a synthetic corpus (`npm run corpus`).
 *
 * The server runs built, as deployed (`npm run build`, then `node dist/main.js`), in a child
 * process; load comes from this process over loopback (autocannon), with fixed connections and
 * duration, a warm-up that is discarded and repeated runs reported as median (min–max). Cold
 * start is timed on `npm start`'s command, from the source. Beside it, in the same run, a floor: the summit
 * query's data from one hand-written SQL statement behind a bare `node:http` handler
 * (floor.ts). Throughput is quoted as a ratio of that floor, since these machines are noisy.
 *
 *   npm run bench -- [--duration 5] [--runs 3] [--warmup 2] [--connections 10] [--only summit-hot,search-common]
 *                    [--node /path/to/other/node] [--skip-cold-start]
 */
import "reflect-metadata";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { encodeCursor, listFingerprint } from "../../src/common/keyset";
import { loadConfig } from "../../src/config";
import { createDb } from "../../src/db/client";
import type { EmbeddedDatabase } from "../../src/db/embedded";
import { startEmbeddedPostgres } from "../../src/db/embedded";
import { BUSIEST_SPEAKER_SLUG, COMMON_TERM, HOT_EVENT_SLUG, RARE_TERM } from "../../src/corpus/corpus";
import { statementList } from "../../src/modules/statement/statement.service";
import { createLogger } from "../../src/observability/logger";
import { createServer } from "../../src/server";

const ROOT = path.resolve(__dirname, "..", "..");
const SUMMIT_CONTEXT = readFileSync(path.join(ROOT, "tests/fixtures/summit-context.graphql"), "utf8");
const FAN_OUT = `{ events(first: 50) { nodes { participants { actor { statements(first: 5) { nodes { text topics { slug } } } } } } } }`;
const WORKLOADS = [
  "summit-hot",
  "summit-random",
  "statements-first",
  "statements-deep",
  "timeline",
  "stance-matrix",
  "search-common",
  "search-rare",
  "fan-out",
] as const;
type WorkloadName = (typeof WORKLOADS)[number];
const CLOCK_TICKS_PER_MS = 100 / 1000;

interface Workload {
  name: WorkloadName;
  describe: string;
  /** A request body; called per request, so workloads can vary their variables. */
  body: () => string;
}

interface RunFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  serverCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number | null;
  rssMb: number;
  /** Answers other than 2xx, of all requests, and the first body of each status. */
  refused: number;
  requests: number;
  refusals: Map<number, string>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summarise(values: number[], digits: number): string {
  const format = (value: number) => value.toFixed(digits);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** User + system CPU of a process, in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_MS;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/**
 * CPU of the PostgreSQL backends serving `database`, in ms (a backend's process title names its
 * database), so other databases' work on a shared server is not counted; null where none is
 * visible (a server on another machine).
 */
function databaseCpuMs(database: string): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (!/^\d+ \(postgres\)/.test(stat)) continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!title.split(" ").includes(database)) continue;
      found = true;
      total += cpuMs(Number(entry));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found ? total : null;
}

async function waitForHttp(url: string, body: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process under test exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The server as deployed (built, as the Docker image runs it), or as `npm start` runs the source. */
const BUILT = ["dist/main.js"];
const FROM_SOURCE = ["-r", "@swc-node/register", "src/main.ts"];

function startServer(
  node: string,
  entry: string[],
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
) {
  return spawn(node, entry, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      // The load is one client asking as fast as it can: measured here is the server, not a budget.
      RATE_LIMIT_POINTS_PER_MINUTE: "0",
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function load(url: string, workload: Workload, seconds: number, connections: number) {
  /** The first answer of each non-2xx status, for the error. */
  const refusals = new Map<number, string>();
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: workload.body() }),
        onResponse: (status, body) => {
          if (status >= 300) refusals.set(status, refusals.get(status) ?? body.slice(0, 300));
        },
      },
    ],
  });
  if (result.errors || result.timeouts) {
    throw new Error(`${workload.name}: ${result.errors} connection errors, ${result.timeouts} timeouts under load`);
  }
  // A refusal (a 503 at the request deadline under overload) is the server's answer: counted and shown, not fatal.
  return { result, refusals };
}

async function measure(
  url: string,
  pid: number,
  workload: Workload,
  options: { duration: number; runs: number; warmup: number; connections: number; database: string },
): Promise<RunFigures[]> {
  await load(url, workload, options.warmup, options.connections);
  const runs: RunFigures[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const cpuBefore = cpuMs(pid);
    const dbBefore = databaseCpuMs(options.database);
    const { result, refusals } = await load(url, workload, options.duration, options.connections);
    const dbAfter = databaseCpuMs(options.database);
    const requests = result.requests.total;
    runs.push({
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      serverCpuMsPerRequest: (cpuMs(pid) - cpuBefore) / requests,
      databaseCpuMsPerRequest: dbBefore === null || dbAfter === null ? null : (dbAfter - dbBefore) / requests,
      rssMb: rssMb(pid),
      refused: result.non2xx,
      requests,
      refusals,
    });
  }
  return runs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5" },
      runs: { type: "string", default: "3" },
      warmup: { type: "string", default: "2" },
      connections: { type: "string", default: "10" },
      only: { type: "string" },
      node: { type: "string", multiple: true },
      "skip-cold-start": { type: "boolean", default: false },
    },
    strict: true,
  });
  const options = {
    duration: Number(values.duration),
    runs: Number(values.runs),
    warmup: Number(values.warmup),
    connections: Number(values.connections),
    database: "",
  };

  const only = values.only?.split(",");
  const unknown = only?.filter((name) => !(WORKLOADS as readonly string[]).includes(name)) ?? [];
  if (unknown.length)
    throw new Error(`--only: no workload ${unknown.join(", ")}; the workloads are ${WORKLOADS.join(", ")}`);

  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.embeddedDataDir)).adminUrl;
  options.database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const children: ChildProcess[] = [];
  try {
    // Inputs from the corpus: the hot event, random events, a cursor deep in the list, topics.
    let statementCount = 0;
    const counting = createDb(databaseUrl, { onQuery: () => (statementCount += 1) });
    const hot = await counting.event.findUnique({ where: { slug: HOT_EVENT_SLUG } });
    if (!hot) {
      throw new Error(
        `no synthetic corpus in this database (no event ${HOT_EVENT_SLUG}): run \`npm run corpus -- --size large\` first`,
      );
    }
    const events = (
      await counting.$queryRaw<
        { slug: string }[]
      >`SELECT slug FROM "Event" WHERE slug LIKE 'syn-event-%' ORDER BY md5(slug) LIMIT 500`
    ).map((row) => row.slug);
    const totalStatements = await counting.statement.count();
    const depth = Math.min(100_000, Math.floor(totalStatements / 5));
    const [deepRow] = await counting.$queryRaw<{ sourceId: number; start: number; id: number }[]>`
      SELECT "sourceId", start, id FROM "Statement" ORDER BY "sourceId", start, id OFFSET ${depth} LIMIT 1`;
    const list = statementList();
    const deepCursor = encodeCursor(list.scope, listFingerprint(list.identity), [
      String(deepRow!.sourceId),
      String(deepRow!.start),
      String(deepRow!.id),
    ]);
    const topics = (await counting.topic.findMany({ orderBy: { id: "asc" }, take: 5, select: { slug: true } })).map(
      (topic) => topic.slug,
    );

    const body = (query: string, variables?: Record<string, unknown>) => () => JSON.stringify({ query, variables });
    let next = 0;
    const all: Workload[] = [
      {
        name: "summit-hot",
        describe: `summit query, ${HOT_EVENT_SLUG}`,
        body: body(SUMMIT_CONTEXT, { slug: HOT_EVENT_SLUG }),
      },
      {
        name: "summit-random",
        describe: "summit query, random events",
        body: () => JSON.stringify({ query: SUMMIT_CONTEXT, variables: { slug: events[next++ % events.length] } }),
      },
      {
        name: "statements-first",
        describe: "statements(first: 20), first page",
        body: body(`{ statements(first: 20) { nodes { id text } } }`),
      },
      {
        name: "statements-deep",
        describe: `statements(first: 20), ${depth.toLocaleString("en")} rows in`,
        body: body(`{ statements(first: 20, after: "${deepCursor}") { nodes { id text } } }`),
      },
      {
        name: "timeline",
        describe: "busiest actor's timeline, first 20",
        body: body(
          `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { timeline(first: 20) { edges { cursor node { at dating item { __typename ... on Node { id } } } } } } }`,
        ),
      },
      {
        name: "stance-matrix",
        describe: "stance matrix, 5 topics",
        body: body(`{ stanceMatrix(topics: ${JSON.stringify(topics)}) { rows { actor { slug } cells { stance } } } }`),
      },
      {
        name: "search-common",
        describe: `search "${COMMON_TERM}", first 20`,
        body: body(
          `{ search(query: "${COMMON_TERM}", first: 20) { totalCount edges { rank snippet node { __typename } } } }`,
        ),
      },
      {
        name: "search-rare",
        describe: `search "${RARE_TERM}", first 20`,
        body: body(
          `{ search(query: "${RARE_TERM}", first: 20) { totalCount edges { rank snippet node { __typename } } } }`,
        ),
      },
      { name: "fan-out", describe: "events(first: 50) → participants → statements(first: 5)", body: body(FAN_OUT) },
    ];
    const workloads = all.filter((workload) => !only || only.includes(workload.name));
    if (all.length !== WORKLOADS.length) throw new Error("every name in WORKLOADS needs its workload");

    // SQL statements per request, counted in this process on one request each.
    const inProcess = await createServer({ db: counting, logger: createLogger({ level: "silent" }) });
    const inProcessUrl = await inProcess.listen(0, "127.0.0.1");
    const statementsPerRequest = new Map<string, number>();
    for (const workload of workloads) {
      // Counted in steady state: a first request may start work of its own in the background (a
      // search keeping a common word's postings), let finish before the counted one.
      const ask = async () => {
        const response = await fetch(inProcessUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: workload.body(),
        });
        const answer = (await response.json()) as { errors?: unknown[] };
        if (!response.ok || answer.errors) {
          throw new Error(`${workload.name} fails: ${JSON.stringify(answer.errors ?? response.status).slice(0, 500)}`);
        }
      };
      await ask();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      statementCount = 0;
      await ask();
      statementsPerRequest.set(workload.name, statementCount);
    }
    await inProcess.stop();
    await counting.$disconnect();

    // The measured server is the built one, as deployed (`npm run build`, then `node dist/main.js`).
    console.log("building the server (npm run build) …");
    await runChecked(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"]);

    const nodes = [process.execPath, ...(values.node ?? [])];
    const rows: string[][] = [];
    const refusalSamples: [string, string][] = [];
    let floorRps: number[] = [];
    const floorPort = await freePort();
    const floor = spawn(
      process.execPath,
      ["-r", "@swc-node/register", "scripts/bench/floor.ts", databaseUrl, String(floorPort)],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    children.push(floor);
    const floorUrl = `http://127.0.0.1:${floorPort}/`;
    await waitForHttp(floorUrl, JSON.stringify({ variables: { slug: HOT_EVENT_SLUG } }), floor);
    const summitHot = workloads.find((workload) => workload.name === "summit-hot");
    if (summitHot) {
      const figures = await measure(floorUrl, floor.pid!, summitHot, options);
      floorRps = figures.map((figure) => figure.requestsPerSecond);
      rows.push(row(`floor (${process.version})`, "summit-hot", figures, 1, floorRps));
    }
    await stop(floor);

    for (const node of nodes) {
      const version = (await runOutput(node, ["--version"])).trim();
      const port = await freePort();
      const server = startServer(node, BUILT, databaseUrl, port, {
        MIGRATE_ON_START: "false",
        SEED_ON_START: "false",
      });
      children.push(server);
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitForHttp(url, JSON.stringify({ query: "{ __typename }" }), server);
      for (const workload of workloads) {
        const figures = await measure(url, server.pid!, workload, options);
        const sample = figures.flatMap((figure) => [...figure.refusals.values()])[0];
        if (sample) refusalSamples.push([`${workload.name} (${version})`, sample]);
        rows.push(
          row(`server (${version})`, workload.name, figures, statementsPerRequest.get(workload.name)!, floorRps),
        );
      }
      await stop(server);
    }

    console.log(
      `\nnpm run bench: ${options.connections} connections, ${options.warmup} s warm-up, ${options.runs} × ${options.duration} s; median (min–max)`,
    );
    console.log(`corpus: ${totalStatements.toLocaleString("en")} statements; workloads:`);
    for (const workload of workloads) console.log(`  ${workload.name.padEnd(17)} ${workload.describe}`);
    printTable(
      [
        "target",
        "workload",
        "req/s",
        "× floor",
        "p50 ms",
        "p99 ms",
        "server CPU ms/req",
        "PG CPU ms/req",
        "SQL/req",
        "RSS MB",
        "non-2xx",
      ],
      rows,
    );
    for (const [name, body] of refusalSamples) console.log(`${name}: first refusal: ${body}`);

    if (!values["skip-cold-start"]) {
      const starts: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const port = await freePort();
        const started = Date.now();
        // As `npm start` runs it: migrations checked and the seed article loaded (idempotent) at start.
        const server = startServer(process.execPath, FROM_SOURCE, databaseUrl, port);
        children.push(server);
        await waitForHttp(
          `http://127.0.0.1:${port}/graphql`,
          JSON.stringify({ query: SUMMIT_CONTEXT, variables: { slug: HOT_EVENT_SLUG } }),
          server,
        );
        starts.push((Date.now() - started) / 1000);
        await stop(server);
      }
      console.log(`\ncold start (npm start's command to the first summit answer): ${summarise(starts, 2)} s`);
    }
  } finally {
    for (const child of children) await stop(child);
    await embedded?.stop();
  }
}

function row(target: string, name: string, figures: RunFigures[], statements: number, floorRps: number[]): string[] {
  const pick = (key: keyof RunFigures) => figures.map((figure) => figure[key] as number);
  const ratio = floorRps.length ? median(pick("requestsPerSecond")) / median(floorRps) : NaN;
  const db = figures.every((figure) => figure.databaseCpuMsPerRequest !== null)
    ? summarise(pick("databaseCpuMsPerRequest"), 2)
    : "n/a";
  return [
    target,
    name,
    summarise(pick("requestsPerSecond"), 0),
    Number.isNaN(ratio) ? "n/a" : `${ratio.toFixed(2)}×`,
    summarise(pick("p50"), 0),
    summarise(pick("p99"), 0),
    summarise(pick("serverCpuMsPerRequest"), 2),
    db,
    String(statements),
    summarise(pick("rssMb"), 0),
    refusedCell(figures),
  ];
}

/** How many answers were not 2xx, of how many, with their statuses: "0", or "3 of 412 (503)". */
function refusedCell(figures: RunFigures[]): string {
  const refused = figures.reduce((sum, figure) => sum + figure.refused, 0);
  if (refused === 0) return "0";
  const total = figures.reduce((sum, figure) => sum + figure.requests, 0);
  const statuses = new Set(figures.flatMap((figure) => [...figure.refusals.keys()]));
  return `${refused} of ${total} (${[...statuses].join(", ")})`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((cells) => cells[index]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const cells of rows) console.log(line(cells));
}

function runOutput(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", () => resolve(output));
  });
}

function runChecked(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} failed (exit ${code})`)),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
