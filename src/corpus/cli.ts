import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { DataDirectoryInUseError, openEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrate";
import type { CorpusProgress, CorpusSize } from "./corpus";
import { CORPUS_SIZES, CorpusExistsError, loadCorpus } from "./corpus";

const USAGE = `Usage: npm run corpus -- --size small|medium|large
Loads a synthetic corpus into the database DATABASE_URL names (the embedded one when unset),
after applying pending migrations.`;

class UsageError extends Error {}

function parseSize(argv: string[]): CorpusSize {
  let size: string | undefined;
  try {
    ({
      values: { size },
    } = parseArgs({ args: argv, options: { size: { type: "string" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (size === undefined || !(size in CORPUS_SIZES)) {
    throw new UsageError(`--size must be one of ${Object.keys(CORPUS_SIZES).join(", ")} (got ${size ?? "nothing"})`);
  }
  return size as CorpusSize;
}

function progressBar(startedAt: number) {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return ({ phase, done, total }: CorpusProgress) => {
    const now = Date.now();
    if (!tty && now - lastLine < 2000 && done < total) return;
    lastLine = now;
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : 0;
    const seconds = (now - startedAt) / 1000;
    const rate =
      phase === "statements" && seconds > 0 ? ` ${Math.round(done / seconds).toLocaleString("en")} statements/s` : "";
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${phase} ${done.toLocaleString("en")}/${total.toLocaleString("en")}${rate}`;
    process.stderr.write(tty ? `\r${line.padEnd(90)}` : `${line}\n`);
    if (tty && done >= total) process.stderr.write("\n");
  };
}

async function main(): Promise<void> {
  const size = parseSize(process.argv.slice(2));
  const config = loadConfig();
  const embedded = config.databaseUrl === undefined ? await openEmbeddedPostgres(config.embeddedDataDir) : undefined;
  const url = config.databaseUrl ?? embedded!.adminUrl;
  try {
    await applyMigrations(url);
    const summary = await loadCorpus(url, size, progressBar(Date.now()));
    console.log(
      `loaded the ${size} synthetic corpus in ${summary.seconds.toFixed(1)} s: ${summary.topics} topics, ${summary.actors} actors, ${summary.events} events, ${summary.sources} sources, ${summary.statements} statements (${summary.statementsPerSecond} statements/s), ${summary.positions} positions`,
    );
    console.log(`hot event: ${summary.hotEvent}  busiest speaker: ${summary.busiestSpeaker}`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else if (error instanceof CorpusExistsError || error instanceof DataDirectoryInUseError) {
    console.error(`cannot load: ${error.message}`);
  } else console.error(error);
  process.exit(1);
});
