import type { CorpusSize } from "../../src/corpus/corpus";
import { loadCorpus } from "../../src/corpus/corpus";
import type { SeededFixture } from "./fixture";
import { createTestDatabase } from "./database";
import { startTestServer } from "./server";

/** A database of this file's own holding a synthetic corpus (no seed article), and a server over it. */
export async function corpusFixture(size: CorpusSize): Promise<SeededFixture> {
  const database = await createTestDatabase();
  await loadCorpus(database.url, size);
  const server = await startTestServer(database.db);
  return { database, server };
}
