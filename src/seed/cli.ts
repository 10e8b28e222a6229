import "reflect-metadata";
import { ConfigError, loadConfig } from "../config";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrate";
import { DEFAULT_CONTEXT_FILE, seedContext } from "./seed";
import { readContextFile } from "./context-file";

/** `npm run seed [-- file.context.yaml]`: loads a context file into the configured database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const file = readContextFile(process.argv[2] ?? DEFAULT_CONTEXT_FILE);
  const embedded = config.databaseUrl === undefined ? await startEmbeddedPostgres(config.embeddedDataDir) : undefined;
  const url = config.databaseUrl ?? embedded!.adminUrl;
  try {
    if (config.migrate) await applyMigrations(url);
    const db = createDb(url);
    try {
      console.log(JSON.stringify(await seedContext(db, file)));
    } finally {
      await db.$disconnect();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? `configuration error: ${error.message}`
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exit(1);
});
