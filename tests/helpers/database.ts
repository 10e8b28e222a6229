import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db } from "../../src/db/client";
import { createDb, withDatabase } from "../../src/db/client";
import { applyMigrations } from "../../src/db/migrate";

export interface TestDatabase {
  url: string;
  db: Db;
  /** SQL statements Prisma sent since the last `resetQueryCount()`. */
  queries: string[];
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_URL;
  if (!url) throw new Error("TEST_ADMIN_URL is unset: run the tests through jest (its global setup sets it)");
  return url;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, migrated, empty database of this test file's own; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl(), name);
  await applyMigrations(url);
  const queries: string[] = [];
  const db = createDb(url, { onQuery: (sql) => queries.push(sql) });
  return {
    url,
    db,
    queries,
    drop: async () => {
      await db.$disconnect();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
