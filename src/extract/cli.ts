import "reflect-metadata";
import { readFileSync } from "node:fs";
import { ConfigError, loadConfig } from "../config";
import { createDb } from "../db/client";
import { runningEmbeddedPostgres } from "../db/embedded";
import type { DraftBundle } from "./draft";
import { extractDraft } from "./draft";
import { matchStoredActors } from "./match";

const usage =
  "usage: npm run -s extract -- [--json] [--no-match] FILE [--published-on YYYY-MM-DD] [--source-slug slug]";

/** How long matching waits for the database, to connect and for its query: a draft never waits long for it. */
const CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 10_000;

/**
 * The draft matched to the stored actors of `DATABASE_URL`'s database, or, unset, of the embedded
 * database of a server running beside; with neither, the draft as it is.
 * A database that cannot be asked leaves the draft as it is too, with one line on stderr: the
 * draft on stdout stays the only thing there.
 */
async function matched(draft: DraftBundle): Promise<DraftBundle> {
  let url: string | undefined;
  try {
    const config = loadConfig();
    // Without DATABASE_URL, the embedded database of a server running beside (never one started for this).
    url = config.databaseUrl ?? runningEmbeddedPostgres(config.embeddedDataDir)?.adminUrl;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`not matched to stored actors: configuration error: ${error.message}\n`);
    return draft;
  }
  if (url === undefined) return draft;
  const { host, pathname } = new URL(url);
  const db = createDb(url, {
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
    poolSize: 1,
  });
  try {
    return await matchStoredActors(db, draft);
  } catch (error) {
    // Prisma's message opens with where it was called; the database's own words are its last line.
    const last = (error instanceof Error ? error.message : String(error)).trim().split("\n").pop()!;
    const reason = /Message: `(.*)`$/.exec(last)?.[1] ?? last;
    process.stderr.write(
      `not matched to stored actors: the database ${host}${pathname} could not be asked (${reason})\n`,
    );
    return draft;
  } finally {
    await db.$disconnect().catch(() => {});
  }
}

async function main(argv: string[]): Promise<number> {
  let json = false;
  let match = true;
  let file: string | undefined;
  let publishedOn: string | undefined;
  let sourceSlug: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--no-match") match = false;
    else if (arg === "--published-on") publishedOn = argv[++i];
    else if (arg === "--source-slug") sourceSlug = argv[++i];
    else if (!arg.startsWith("--") && file === undefined) file = arg;
    else {
      process.stderr.write(`unknown argument ${arg}\n${usage}\n`);
      return 2;
    }
  }
  if (!file || (publishedOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(publishedOn))) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const extracted = extractDraft(readFileSync(file, "utf8"), { publishedOn, sourceSlug });
  const draft = match ? await matched(extracted) : extracted;
  if (json) {
    process.stdout.write(`${JSON.stringify(draft, null, 2)}\n`);
    return 0;
  }
  const names = new Map(draft.actors.map((a) => [a.slug, a.name]));
  const quotes = draft.statements.filter((s) => s.kind === "DIRECT_QUOTE");
  const reported = draft.statements.filter((s) => s.kind === "PARAPHRASE");
  const lines = [
    `${quotes.length} quotes, ${reported.length} paraphrase candidates, ${draft.actors.length} actors, ${draft.review.length} review flags`,
  ];
  for (const [title, list] of [
    ["Quotes:", quotes],
    ["Paraphrase candidates (reported speech):", reported],
  ] as const) {
    if (list.length) lines.push("", title);
    for (const s of list) {
      const who = s.speaker ? names.get(s.speaker) : "UNATTRIBUTED";
      lines.push(
        `  [${s.start}, ${s.end})${s.group ? ` ${s.group}` : ""} ${who} (${s.verb ?? "?"}, ${s.confidence}): "${s.exact}"`,
      );
    }
  }
  lines.push("", "Actors:", ...draft.actors.map((a) => `  ${a.slug} (${a.kind}) ${a.name}`));
  lines.push("", "Review:", ...draft.review.map((r) => `  ${r.flag} ${r.path}: ${r.message}`));
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
