import { seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "./database";
import { createTestDatabase } from "./database";
import type { TestServer } from "./server";
import { startTestServer } from "./server";

export interface SeededFixture {
  database: TestDatabase;
  server: TestServer;
}

/** A database of this file's own holding the seed article's context, and a server over it. */
export async function seededFixture(options: Parameters<typeof startTestServer>[1] = {}): Promise<SeededFixture> {
  const database = await createTestDatabase();
  await seedDefault(database.db);
  const server = await startTestServer(database.db, options);
  return { database, server };
}

export async function closeFixture(fixture: SeededFixture | undefined): Promise<void> {
  await fixture?.server.stop();
  await fixture?.database.drop();
}
