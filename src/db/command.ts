/**
 * What every command that works on the server's database shares (`npm run seed`, `ingest`,
 * `keys`): the configuration, the database (`DATABASE_URL`, or the embedded one, shared with a
 * server running on it), its migrations, and one line on stderr for a failure.
 */
import { ConfigError, loadConfig } from "../config";
import type { Db, DbOptions } from "./client";
import { createDb } from "./client";
import { openEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";

/** Runs `work` on the configured database and exits with the code it answers (1 on a failure). */
export function runCommand(work: (db: Db) => Promise<number>, options: DbOptions = {}): void {
  const run = async (): Promise<number> => {
    const config = loadConfig();
    const embedded = config.databaseUrl === undefined ? await openEmbeddedPostgres(config.embeddedDataDir) : undefined;
    try {
      const url = config.databaseUrl ?? embedded!.adminUrl;
      if (config.migrate) await applyMigrations(url);
      const db = createDb(url, options);
      try {
        return await work(db);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await embedded?.stop();
    }
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        error instanceof ConfigError
          ? `configuration error: ${error.message}`
          : error instanceof Error
            ? error.message
            : error,
      );
      process.exit(1);
    },
  );
}
