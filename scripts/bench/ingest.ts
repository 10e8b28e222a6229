/**
 * `npm run bench:ingest`: the cost of importing one large bundle, and whether it grows linearly.
 *
 * For each size, a throwaway database (created on the server of BENCH_DATABASE_URL, default the
 * local postgres, and dropped afterwards) gets a fictional source of N sentences and a bundle
 * with one statement per sentence, each span given as exact words only. Timed: checking the
 * bundle (prepareBundle: parsing and resolving every span), the first import, the same bundle
 * again, and the bundle with one statement's text changed. Per-statement cost is the first
 * import over N; a ratio near 1 between the largest and smallest size means the cost is linear.
 * Beside them, a hostile bundle (a text of one repeated letter, spans of that letter) shows how
 * long checking blocks the event loop.
 *
 *   npm run bench:ingest -- [--sizes 1000,5000,20000] [--skip-hostile]
 */
import "reflect-metadata";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { BundleError, prepareBundle } from "../../src/bundle/verify";
import { createDb } from "../../src/db/client";
import { applyMigrations } from "../../src/db/migrate";
import { ingestBundle } from "../../src/ingest/ingest";

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DATABASE = "bench_ingest";
const SPEAKERS = 500;
const author = { apiKeyId: null, name: "bench", operation: "npm run bench:ingest" };
const TIMEOUT_MS = 1_800_000;

function bundleOf(n: number) {
  const sentences = Array.from(
    { length: n },
    (_, i) => `Speaker ${i % SPEAKERS} said that fictional claim number ${i} holds.`,
  );
  return {
    format: "news-context-bundle",
    version: 1,
    source: { slug: "bench-source", title: "Fictional benchmark source", text: sentences.join(" "), language: "en" },
    actors: Array.from({ length: SPEAKERS }, (_, i) => ({ slug: `speaker-${i}`, kind: "GROUP", name: `Speaker ${i}` })),
    topics: [{ slug: "bench-topic", name: "Bench topic" }],
    statements: sentences.map((sentence, i) => ({
      key: `s-${i}`,
      kind: "PARAPHRASE",
      speaker: `speaker-${i % SPEAKERS}`,
      text: sentence,
      span: { exact: `fictional claim number ${i} holds` },
      topics: ["bench-topic"],
    })),
  };
}

/** Milliseconds `work` takes, and the longest the event loop waited meanwhile. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  delay.disable();
  return { ms, stallMs: delay.max / 1e6 };
}

interface SizeFigures {
  n: number;
  megabytes: number;
  prepare: { ms: number; stallMs: number };
  first: number;
  again: number;
  oneChanged: number;
}

async function measureSize(admin: pg.Client, n: number): Promise<SizeFigures> {
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${DATABASE}`;
  await applyMigrations(url.toString());
  const db = createDb(url.toString(), { statementTimeoutMs: TIMEOUT_MS });
  try {
    const bundle = bundleOf(n);
    const json = JSON.stringify(bundle);
    const prepare = await timed(() => prepareBundle(JSON.parse(json)));
    const options = { author, timeoutMs: TIMEOUT_MS };
    const first = (await timed(() => ingestBundle(db, JSON.parse(json), options))).ms;
    const again = (await timed(() => ingestBundle(db, JSON.parse(json), options))).ms;
    bundle.statements[5]!.text = "Changed text of a fictional claim.";
    const oneChanged = (await timed(() => ingestBundle(db, bundle, options))).ms;
    const figures = { n, megabytes: json.length / 1e6, prepare, first, again, oneChanged };
    console.log(
      `  ${n.toLocaleString("en")} statements: prepare ${prepare.ms.toFixed(0)} ms, first import ${first.toFixed(0)} ms`,
    );
    return figures;
  } finally {
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

/** A text of one letter repeated and statements quoting that letter alone: refused, but how fast. */
async function measureHostile(): Promise<{ ms: number; stallMs: number; answer: string }> {
  const bundle = {
    format: "news-context-bundle",
    version: 1,
    source: { slug: "hostile-source", title: "Hostile source", text: "a".repeat(1_000_000), language: "en" },
    actors: [{ slug: "speaker", kind: "GROUP", name: "Speaker" }],
    statements: Array.from({ length: 200 }, (_, i) => ({
      key: `s-${i}`,
      kind: "PARAPHRASE",
      speaker: "speaker",
      text: "A claim.",
      span: { exact: "a" },
    })),
  };
  let answer = "accepted";
  const figures = await timed(async () => {
    try {
      await prepareBundle(bundle);
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      answer = error.problems[0]?.message ?? error.message;
    }
  });
  return { ...figures, answer };
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((cells) => cells[index]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const cells of rows) console.log(line(cells));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,5000,20000" },
      "skip-hostile": { type: "boolean", default: false },
    },
    strict: true,
  });
  const sizes = values.sizes.split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes: not a list of counts: ${values.sizes}`);

  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  const results: SizeFigures[] = [];
  try {
    console.log("importing …");
    for (const n of sizes) results.push(await measureSize(admin, n));
  } finally {
    await admin.end();
  }

  const ms = (value: number) => value.toFixed(0);
  console.log(`\nnpm run bench:ingest: one bundle, one statement per sentence, spans as exact words only`);
  printTable(
    [
      "statements",
      "bundle MB",
      "prepare ms",
      "prepare stall ms",
      "first import ms",
      "same again ms",
      "one changed ms",
      "µs/statement",
    ],
    results.map((r) => [
      r.n.toLocaleString("en"),
      r.megabytes.toFixed(1),
      ms(r.prepare.ms),
      ms(r.prepare.stallMs),
      ms(r.first),
      ms(r.again),
      ms(r.oneChanged),
      ((r.first * 1000) / r.n).toFixed(0),
    ]),
  );
  const smallest = results[0]!;
  const largest = results[results.length - 1]!;
  if (results.length > 1) {
    const ratio = largest.first / largest.n / (smallest.first / smallest.n);
    console.log(
      `per-statement cost of the first import, ${largest.n.toLocaleString("en")} over ${smallest.n.toLocaleString("en")}: ${ratio.toFixed(2)} (1 is linear)`,
    );
  }
  for (let i = 1; i < results.length; i += 1) {
    const [a, b] = [results[i - 1]!, results[i]!];
    console.log(
      `marginal cost per statement, ${a.n.toLocaleString("en")} → ${b.n.toLocaleString("en")}: ${(((b.first - a.first) * 1000) / (b.n - a.n)).toFixed(0)} µs (a fixed cost per import, a cold connection among it, weighs on the smallest size)`,
    );
  }
  console.log("(prepare is included in the import times; stall is the longest the event loop waited during it)");

  if (!values["skip-hostile"]) {
    const hostile = await measureHostile();
    console.log(
      `\nhostile bundle (1,000,000 × "a", 200 spans of exact "a"): checked in ${ms(hostile.ms)} ms, event loop stalled up to ${ms(hostile.stallMs)} ms; answer: ${hostile.answer}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
