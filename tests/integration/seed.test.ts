import { readFileSync } from "node:fs";
import path from "node:path";
import { parseContextFile } from "../../src/seed/context-file";
import { DEFAULT_CONTEXT_FILE, seedContext, seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const TABLES = [
  "Source",
  "Place",
  "Actor",
  "Person",
  "Role",
  "Topic",
  "Event",
  "EventParticipant",
  "Statement",
  "StatementTopic",
  "StatementEvent",
  "Position",
  "PositionEvidence",
];

/** Every row of every table, as JSON text, in a stable order. */
async function dump(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    result[table] = await database.db.$queryRawUnsafe(
      `SELECT to_jsonb(t) AS row FROM "${table}" t ORDER BY to_jsonb(t)::text`,
    );
  }
  return result;
}

const yamlText = readFileSync(DEFAULT_CONTEXT_FILE, "utf8");
const readSource = (file: string) => readFileSync(path.join(path.dirname(DEFAULT_CONTEXT_FILE), file), "utf8");

describe("seed", () => {
  it("loads the article's context, and running it again changes nothing", async () => {
    const summary = await seedDefault(database.db);
    expect(summary).toEqual({
      source: "anchorage-summit-article",
      places: 2,
      actors: 9,
      topics: 6,
      events: 4,
      statements: 15,
      positions: 8,
      changed: true,
    });
    const first = await dump();
    expect(first.Statement).toHaveLength(15);
    // The same file again: nothing is written, and the summary says so, with the same counts.
    expect(await seedDefault(database.db)).toEqual({ ...summary, changed: false });
    expect(await dump()).toEqual(first);
  });

  it("stores the seed's copy of the article byte for byte", async () => {
    await seedDefault(database.db);
    const source = await database.db.source.findUniqueOrThrow({ where: { slug: "anchorage-summit-article" } });
    expect(source.text).toBe(readFileSync(path.join(__dirname, "../../seed/anchorage-summit.txt"), "utf8"));
    expect(source.textLength).toBe(2830);
  });

  it("removes what the file no longer lists: statements, the positions they evidence, roles", async () => {
    const trimmed = yamlText
      .replace(/ {2}- key: trump-save-lives\n[\s\S]*?(?=\n {2}- key: )/, "")
      .replace(/ {6}- trump-save-lives\n/, "")
      .replace(/ {2}- key: zelenskyy-land-swap\n[\s\S]*$/, "")
      .replace(
        / {4}roles:\n {6}- title: White House Press Secretary\n[\s\S]*?exact: White House Press Secretary Karoline Leavitt\n/,
        "",
      );
    await seedContext(database.db, parseContextFile(trimmed, readSource));
    const { db } = database;
    expect(await db.statement.count()).toBe(14);
    expect(await db.statement.count({ where: { key: "trump-save-lives" } })).toBe(0);
    expect((await db.position.findMany({ orderBy: { key: "asc" } })).map((p) => p.key)).not.toContain(
      "zelenskyy-land-swap",
    );
    expect(await db.position.count()).toBe(7);
    expect(await db.role.count()).toBe(3);
    await seedDefault(db);
    expect([await db.statement.count(), await db.position.count(), await db.role.count()]).toEqual([15, 8, 4]);
  });

  it("a context file with a misquote fails whole, naming the statement, and leaves the database as it was", async () => {
    const before = await dump();
    const broken = yamlText.replace(
      "They want to do business, but they're not doing business",
      "They want to do business, and they are doing business",
    );
    const file = parseContextFile(broken.replace("name: Ceasefire in Ukraine", "name: Ceasefire"), readSource);
    await expect(seedContext(database.db, file)).rejects.toThrow(
      'The bundle was refused, nothing was written: 1 problem. First: statements[5] (key "trump-not-doing-business-until-war-solved").span: the exact words do not occur in the source text (expected "They want to do business, and they are doing business until we get the war solved").',
    );
    expect(await dump()).toEqual(before);
  });

  it.each([
    [
      "an unknown speaker",
      (y: string) => y.replace("speaker: karoline-leavitt", "speaker: karoline"),
      'statements[2].speaker: no actor has slug or key "karoline"',
    ],
    [
      "an unknown enum value",
      (y: string) => y.replace("stance: DEFERS", "stance: MAYBE"),
      "context.positions[6].stance must be one of SUPPORTS, OPPOSES, CONDITIONAL, OPEN, DEFERS",
    ],
    [
      "a bad time zone",
      (y: string) => y.replace("timeZone: America/Anchorage", "timeZone: Alaska/Anchorage"),
      "context.events[0].timeZone must be an IANA time zone name",
    ],
    [
      "a time not at the start of its precision",
      (y: string) => y.replace("startsAt: 2025-08-13T00:00:00Z", "startsAt: 2025-08-13T09:00:00Z"),
      "events[3].startsAt: 2025-08-13T09:00:00.000Z is not the start of a DAY in UTC",
    ],
    [
      "a position without evidence",
      (y: string) => y.replace(/evidence:\n {6}- zelenskyy-ceding-territory-unconstitutional/, "evidence: []"),
      "positions[7]: a position needs at least one statement as evidence",
    ],
  ])("rejects %s before writing anything", (_what, edit, message) => {
    expect(() => parseContextFile(edit(yamlText), readSource)).toThrow(message);
  });
});
