import "reflect-metadata";
import { ConfigError, loadConfig } from "../config";
import { createDb } from "../db/client";
import { openEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrate";
import { DEFAULT_BUNDLE_FILE, seedFile } from "./seed";

/** `npm run seed [-- file.bundle.json | file.context.yaml]`: loads a bundle (the seed's by default) into the configured database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const file = process.argv[2] ?? DEFAULT_BUNDLE_FILE;
  const embedded = config.databaseUrl === undefined ? await openEmbeddedPostgres(config.embeddedDataDir) : undefined;
  const url = config.databaseUrl ?? embedded!.adminUrl;
  try {
    if (config.migrate) await applyMigrations(url);
    const db = createDb(url);
    try {
      console.log(JSON.stringify(await seedFile(db, file)));
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
