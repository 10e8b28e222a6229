/**
 * From raw text to stored context: a draft is refused while its review flags are left; once a
 * reviewer has cleared them (here: kept every actor, dropped the quote no one is named for), it
 * imports as it is, and its statements are there to query, with their spans.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { BundleError, ingestBundle } from "../../src/ingest/ingest";
import { extractDraft } from "../../src/extract/draft";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";

const PASSAGE = path.join(__dirname, "../extraction/passages/90-harbor-council.txt");
const AUTHOR = { apiKeyId: null, name: "extract test", operation: "test" };

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("an extracted draft", () => {
  it("is refused while flags are left, and imports once they are cleared", async () => {
    const text = readFileSync(PASSAGE, "utf8");
    const draft = extractDraft(text, { publishedOn: "2026-03-04", sourceSlug: "fictional-harbor-council" }) as {
      review: { path: string; flag: string }[];
      statements: { key: string; speaker: string | null; exact: string }[];
      source: { title: string };
    };
    expect(draft.review.length).toBeGreaterThan(0);
    await expect(ingestBundle(database.db, draft, { author: AUTHOR })).rejects.toThrow(BundleError);
    expect(await database.db.source.count()).toBe(0);

    // The reviewer's part: a headline, every actor kept, the unattributed quote dropped.
    const reviewed = {
      ...draft,
      source: { ...draft.source, title: "Harbor council votes on the dock plan (fictional test passage)" },
      statements: draft.statements.filter((s) => s.speaker !== null),
      review: [],
    };
    const summary = await ingestBundle(database.db, reviewed, { author: AUTHOR });
    expect(summary.changed).toBe(true);
    expect(summary.created.statements).toBe(reviewed.statements.length);
    const stored = await database.db.statement.findMany({
      orderBy: { start: "asc" },
      select: { exact: true, start: true, speaker: { select: { slug: true } } },
    });
    expect(stored.map((s) => [s.exact, s.speaker.slug])).toEqual(reviewed.statements.map((s) => [s.exact, s.speaker]));
    // Each span is the text's own words, at its code-point offsets.
    for (const s of stored) expect([...text].slice(s.start, s.start + [...s.exact].length).join("")).toBe(s.exact);
  });
});
