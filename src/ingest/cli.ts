import "reflect-metadata";
import { readFileSync } from "node:fs";
import os from "node:os";
import type { Db } from "../db/client";
import { runCommand } from "../db/command";
import { ConflictError } from "../errors";
import type { EntityCounts, IngestSummary } from "./ingest";
import { BundleError, ENTITY_KINDS, ingestBundle } from "./ingest";
import { describeProblem } from "../bundle/verify";

const USAGE = "usage: npm run ingest -- [--json] bundle.json [more.json ...]";

/** "3 statements, 1 position", or "nothing". */
function counted(counts: EntityCounts): string {
  const parts = ENTITY_KINDS.filter((kind) => counts[kind] > 0).map(
    (kind) => `${counts[kind]} ${counts[kind] === 1 ? kind.replace(/s$/, "") : kind}`,
  );
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

function report(file: string, summary: IngestSummary): string {
  const lines = [
    `${file}: source ${summary.source} (text revision ${summary.sourceRevision}) ${summary.changed ? `imported as revision ${summary.revision}` : "unchanged: nothing written"}`,
    `  created:   ${counted(summary.created)}`,
    `  updated:   ${counted(summary.updated)}`,
    `  unchanged: ${counted(summary.unchanged)}`,
    `  deleted:   ${counted(summary.deleted)}`,
  ];
  if (summary.reanchored.length > 0) lines.push(`  re-anchored in the new text: ${summary.reanchored.join(", ")}`);
  for (const note of summary.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}

/** `npm run ingest -- bundle.json ...`: imports context bundles, each in its own transaction. */
const args = process.argv.slice(2);
const json = args.includes("--json");
const files = args.filter((arg) => arg !== "--json");
if (files.length === 0 || files.some((file) => file.startsWith("-"))) {
  console.error(USAGE);
  process.exit(2);
}

async function ingestFiles(db: Db): Promise<number> {
  let failed = 0;
  const author = { apiKeyId: null, name: `npm run ingest (${os.userInfo().username})`, operation: "npm run ingest" };
  for (const file of files) {
    let bundle: unknown;
    try {
      bundle = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      console.error(`${file}: cannot read it as JSON: ${(error as Error).message}`);
      failed += 1;
      continue;
    }
    let shown = 0;
    const onProgress = (phase: string, done: number, total: number) => {
      if (total < 2_000 || (done - shown < 1_000 && done < total)) return;
      shown = done;
      process.stderr.write(`${file}: ${phase} ${done}/${total}\n`);
    };
    try {
      const summary = await ingestBundle(db, bundle, { author, onProgress, timeoutMs: 30 * 60_000 });
      console.log(json ? JSON.stringify({ file, ...summary }) : report(file, summary));
    } catch (error) {
      failed += 1;
      if (error instanceof BundleError) {
        console.error(`${file}: refused, nothing written: ${error.problems.length} problem(s)`);
        for (const problem of error.problems) console.error(`  ${describeProblem(problem)}`);
      } else if (error instanceof ConflictError) {
        console.error(`${file}: refused, nothing written: ${error.message}`);
      } else throw error;
    }
  }
  return failed > 0 ? 1 : 0;
}

// A large bundle's statements may take longer than a request's statement timeout allows.
runCommand(ingestFiles, { statementTimeoutMs: 0 });
