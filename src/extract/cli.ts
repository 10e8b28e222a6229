import { readFileSync } from "node:fs";
import { extractDraft } from "./draft";

const usage = "usage: npm run -s extract -- [--json] FILE [--published-on YYYY-MM-DD] [--source-slug slug]";

function main(argv: string[]): number {
  let json = false;
  let file: string | undefined;
  let publishedOn: string | undefined;
  let sourceSlug: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
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
  const draft = extractDraft(readFileSync(file, "utf8"), { publishedOn, sourceSlug });
  if (json) {
    process.stdout.write(`${JSON.stringify(draft, null, 2)}\n`);
    return 0;
  }
  const names = new Map(draft.actors.map((a) => [a.slug, a.name]));
  const lines = [
    `${draft.statements.length} quotes, ${draft.actors.length} actors, ${draft.review.length} review flags`,
    "",
  ];
  for (const s of draft.statements) {
    const who = s.speaker ? names.get(s.speaker) : "UNATTRIBUTED";
    lines.push(
      `[${s.start}, ${s.end})${s.group ? ` ${s.group}` : ""} ${who} (${s.verb ?? "?"}, ${s.confidence}): "${s.exact}"`,
    );
  }
  lines.push("", "Actors:", ...draft.actors.map((a) => `  ${a.slug} (${a.kind}) ${a.name}`));
  lines.push("", "Review:", ...draft.review.map((r) => `  ${r.flag} ${r.path}: ${r.message}`));
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
