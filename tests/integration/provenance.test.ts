import { sliceCodePoints } from "../helpers/text";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

interface Span {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  source: { text: string; textLength: number };
}

describe("provenance", () => {
  it("every statement's span is exactly its source's text, read by a client over the API", async () => {
    const { body } = await fixture.server.query(`{
      statements(first: 100) { nodes { kind text provenance { start end exact prefix suffix source { text textLength } } } }
    }`);
    const statements = (body.data as { statements: { nodes: { kind: string; text: string; provenance: Span }[] } })
      .statements.nodes;
    expect(statements).toHaveLength(15);
    for (const { kind, text, provenance } of statements) {
      const source = provenance.source.text;
      expect(Array.from(source)).toHaveLength(provenance.source.textLength);
      expect(sliceCodePoints(source, provenance.start, provenance.end)).toBe(provenance.exact);
      expect(sliceCodePoints(source, provenance.start - provenance.prefix.length, provenance.start)).toBe(
        provenance.prefix,
      );
      expect(sliceCodePoints(source, provenance.end, provenance.end + provenance.suffix.length)).toBe(
        provenance.suffix,
      );
      if (kind === "DIRECT_QUOTE") {
        expect(text).toBe(provenance.exact);
        expect(provenance.exact).not.toMatch(/^["“]|["”]$/);
        expect(provenance.prefix.endsWith('"')).toBe(true);
        expect(provenance.suffix).toMatch(/^,?"/);
      }
    }
    expect(statements.filter((s) => s.kind === "DIRECT_QUOTE")).toHaveLength(4);
  });

  it("every role that cites the article cites words that name the person", async () => {
    const { body } = await fixture.server.query(`{
      people { nodes { name roles { title provenance { start end exact source { text } } } } }
    }`);
    const people = (
      body.data as { people: { nodes: { name: string; roles: { title: string; provenance: Span }[] }[] } }
    ).people.nodes;
    expect(people.flatMap((p) => p.roles.map((r) => r.title))).toEqual([
      "President of the United States",
      "White House Press Secretary",
      "President of Russia",
      "President of Ukraine",
    ]);
    for (const person of people) {
      for (const { provenance } of person.roles) {
        expect(sliceCodePoints(provenance.source.text, provenance.start, provenance.end)).toBe(provenance.exact);
        expect(provenance.exact.endsWith(person.name)).toBe(true);
      }
    }
  });

  it("the database refuses a statement whose span does not match its source, and keeps the old row", async () => {
    const { db } = fixture.database;
    const before = await db.statement.findFirstOrThrow({ where: { key: "trump-save-lives" } });
    await expect(db.statement.update({ where: { id: before.id }, data: { start: before.start + 1 } })).rejects.toThrow(
      /provenance mismatch for Statement/,
    );
    await expect(
      db.statement.update({ where: { id: before.id }, data: { exact: "I am doing this for my health" } }),
    ).rejects.toThrow(/provenance mismatch for Statement/);
    await expect(
      db.statement.update({ where: { id: before.id }, data: { prefix: "words that are not there" } }),
    ).rejects.toThrow(/prefix "words that are not there" is not the text before offset/);
    expect(await db.statement.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
  });

  it("the database refuses a position without evidence", async () => {
    const { db } = fixture.database;
    const position = await db.position.findFirstOrThrow({ where: { key: "zelenskyy-land-swap" } });
    await expect(db.positionEvidence.deleteMany({ where: { positionId: position.id } })).rejects.toThrow(
      /has no evidence/,
    );
    expect(await db.positionEvidence.count({ where: { positionId: position.id } })).toBe(1);
    const [holder, topic] = [position.holderId, position.topicId];
    await expect(
      db.position.create({
        data: {
          key: "unbacked",
          holderId: holder,
          topicId: topic,
          stance: "SUPPORTS",
          summary: "No evidence.",
          asOf: new Date("2025-08-15"),
          asOfBasis: "DERIVED",
        },
      }),
    ).rejects.toThrow(/has no evidence/);
    expect(await db.position.count({ where: { key: "unbacked" } })).toBe(0);
  });
});
