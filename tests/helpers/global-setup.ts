import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../src/db/embedded";

/**
 * One PostgreSQL server for the run: the one named by TEST_DATABASE_URL, or a fresh embedded
 * one. Each test file creates and drops its own database on it (tests/helpers/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "news-context-test-pg-"));
  const embedded = await startEmbeddedPostgres(dataDir, { persistent: false });
  process.env.TEST_ADMIN_URL = embedded.adminUrl;
  (globalThis as { __embeddedPostgres__?: typeof embedded }).__embeddedPostgres__ = embedded;
}
