/**
 * extractContext over real HTTP: anyone may ask (no key), the answer is the draft npm run extract
 * prints, the price follows the text's length, and a text too long or a bad slug is refused.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { extractDraft } from "../../src/extract/draft";
import { MAX_EXTRACT_TEXT } from "../../src/modules/extract/extract.resolver";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

const TEXT = readFileSync(path.join(__dirname, "../extraction/passages/91-drought-ministry.txt"), "utf8");
const QUERY = `query($text: String!, $on: LocalDate, $slug: String) { extractContext(text: $text, publishedOn: $on, sourceSlug: $slug) }`;

let database: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database.db);
});
afterAll(async () => {
  await server.stop();
  await database.drop();
});

describe("extractContext", () => {
  it("answers anyone with the draft npm run extract makes, priced by the text's length", async () => {
    const response = await server.query(QUERY, { text: TEXT, on: "2026-03-04", slug: "fictional-drought" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        extractContext: JSON.parse(
          JSON.stringify(extractDraft(TEXT, { publishedOn: "2026-03-04", sourceSlug: "fictional-drought" })),
        ),
      },
    });
    expect(response.cost?.requested).toBe(10 + Math.ceil(TEXT.length / 100));
    // Nothing is stored.
    expect(await database.db.source.count()).toBe(0);
  });

  it("refuses an empty text, one too long, and a bad slug, naming the argument", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ text: "   " }, "text", "The text is empty."],
      [
        { text: "a".repeat(MAX_EXTRACT_TEXT + 1) },
        "text",
        `The text has ${MAX_EXTRACT_TEXT + 1} characters; extractContext takes at most ${MAX_EXTRACT_TEXT} (npm run extract takes any length).`,
      ],
      [
        { text: TEXT, slug: "Not A Slug" },
        "sourceSlug",
        "sourceSlug must be lowercase letters, digits and single hyphens, at most 200 characters.",
      ],
    ];
    for (const [variables, argumentName, message] of cases) {
      const response = await server.query(QUERY, variables);
      expect(response.body).toEqual({
        data: null,
        errors: [
          {
            message,
            path: ["extractContext"],
            locations: [{ line: 1, column: 56 }],
            extensions: { code: "BAD_USER_INPUT", argumentName },
          },
        ],
      });
    }
  });

  it("matches the draft's actors to stored ones, by slug or by name, and leaves each match for review", async () => {
    await database.db.actor.create({
      data: { slug: "fictional-elena-sorvik", kind: "PERSON", name: "Elena Sorvik", person: { create: {} } },
    });
    const plain = extractDraft(TEXT, { publishedOn: "2026-03-04" });
    const proposed = plain.actors.find((a) => a.name === "Elena Sorvik")!;
    const response = await server.query(QUERY, { text: TEXT, on: "2026-03-04" });
    const draft = (response.body.data as { extractContext: typeof plain }).extractContext;
    const index = plain.actors.indexOf(proposed);
    expect(draft.actors[index]).toEqual({ ...proposed, slug: "fictional-elena-sorvik" });
    expect(draft.statements.map((s) => s.speaker)).toEqual(
      plain.statements.map((s) => (s.speaker === proposed.slug ? "fictional-elena-sorvik" : s.speaker)),
    );
    expect(draft.review.filter((flag) => flag.path === `actors[${index}]`)).toEqual([
      {
        path: `actors[${index}]`,
        flag: "MATCHED_ACTOR",
        message: `matched to the stored actor "fictional-elena-sorvik" (Elena Sorvik, PERSON) by name, confidence 0.9; the draft proposed "${proposed.slug}": check it is the same`,
      },
    ]);
  });
});
