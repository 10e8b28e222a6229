import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import { seedDefault } from "../../src/seed/seed";

/** The sort keys the database keeps on rows for paging (migration `keyset_paging`), and the bulk insert check. */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDefault(database.db);
});
afterAll(() => database.drop());

type Counts = Record<string, [stored: number, actual: number]>;

/** Each actor's stored statement count beside the real one. */
async function countsIn(db: { $queryRawUnsafe: TestDatabase["db"]["$queryRawUnsafe"] }): Promise<Counts> {
  const rows = await db.$queryRawUnsafe<{ slug: string; stored: number; actual: bigint }[]>(
    `SELECT a.slug, a."statementCount" AS stored, (SELECT count(*) FROM "Statement" s WHERE s."speakerId" = a.id) AS actual FROM "Actor" a`,
  );
  return Object.fromEntries(rows.map((row) => [row.slug, [row.stored, Number(row.actual)]]));
}

class Rollback extends Error {}

describe("statement counts on actors", () => {
  it("follow inserts, speaker changes and deletes, in one SQL statement each", async () => {
    const { db } = database;
    const before = await countsIn(database.db);
    for (const [stored, actual] of Object.values(before)) expect(stored).toBe(actual);
    expect(before["donald-trump"]![0]).toBeGreaterThan(0);
    const [putin, trump] = await Promise.all([
      db.actor.findUniqueOrThrow({ where: { slug: "vladimir-putin" } }),
      db.actor.findUniqueOrThrow({ where: { slug: "donald-trump" } }),
    ]);
    await db
      .$transaction(async (tx) => {
        const moved = await tx.statement.updateMany({ where: { speakerId: trump.id }, data: { speakerId: putin.id } });
        const after = await countsIn(tx);
        expect(after["donald-trump"]).toEqual([0, 0]);
        const putinBefore = before["vladimir-putin"]![0];
        expect(after["vladimir-putin"]).toEqual([putinBefore + moved.count, putinBefore + moved.count]);
        await tx.$executeRawUnsafe(`DELETE FROM "PositionEvidence"`);
        await tx.$executeRawUnsafe(`DELETE FROM "Position"`);
        await tx.$executeRawUnsafe(`DELETE FROM "StatementTopic"`);
        await tx.$executeRawUnsafe(`DELETE FROM "StatementEvent"`);
        await tx.$executeRawUnsafe(`DELETE FROM "Statement"`);
        for (const [stored, actual] of Object.values(await countsIn(tx))) expect([stored, actual]).toEqual([0, 0]);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(await countsIn(database.db)).toEqual(before);
  });
});

describe("sort keys copied onto link rows", () => {
  /** Link rows whose copy differs from the linked row: none, whatever was written. */
  const strays = () =>
    database.db.$queryRawUnsafe<{ link: string }[]>(
      `SELECT 'topic ' || st."statementId" AS link FROM "StatementTopic" st JOIN "Statement" s ON s.id = st."statementId"
        WHERE (st."sourceId", st.start) IS DISTINCT FROM (s."sourceId", s.start)
       UNION ALL
       SELECT 'participant ' || ep."eventId" FROM "EventParticipant" ep JOIN "Event" e ON e.id = ep."eventId"
        WHERE ep."eventStartsAt" IS DISTINCT FROM e."startsAt"`,
    );

  it("hold the linked row's values from the seed on, and follow its changes", async () => {
    const { db } = database;
    expect(await db.statementTopic.count()).toBeGreaterThan(0);
    expect(await db.eventParticipant.count()).toBeGreaterThan(0);
    expect(await strays()).toEqual([]);
    const link = await db.statementTopic.findFirstOrThrow({ include: { statement: true } });
    const participant = await db.eventParticipant.findFirstOrThrow({ include: { event: true } });
    await db
      .$transaction(async (tx) => {
        // A wrong value written on purpose is replaced by the linked row's.
        await tx.$executeRawUnsafe(
          `UPDATE "StatementTopic" SET "sourceId" = 0, start = -1 WHERE "statementId" = $1 AND "topicId" = $2`,
          link.statementId,
          link.topicId,
        );
        await tx.$executeRawUnsafe(
          `UPDATE "EventParticipant" SET "eventStartsAt" = 'epoch' WHERE "eventId" = $1`,
          participant.eventId,
        );
        expect(await strays()).toEqual([]);
        // The linked row's change reaches its links.
        // With MINUTE precision, which a start at 03:04 needs (Event_starts_at_starts_its_period).
        await tx.event.update({
          where: { id: participant.eventId },
          data: { startsAt: new Date("2030-01-02T03:04:00Z"), timePrecision: "MINUTE" },
        });
        const moved = await tx.eventParticipant.findMany({ where: { eventId: participant.eventId } });
        expect(moved.map((row) => row.eventStartsAt?.toISOString())).toEqual(
          moved.map(() => "2030-01-02T03:04:00.000Z"),
        );
        expect(await strays()).toEqual([]);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(await strays()).toEqual([]);
  });
});

describe("a statement's report day", () => {
  it("is its source's publication day while it has no saidAt, follows that day, and goes when it gets a saidAt", async () => {
    const { db } = database;
    const undated = await db.statement.findFirstOrThrow({ where: { saidAt: null }, include: { source: true } });
    const reportedAt = async () =>
      (
        await db.$queryRaw<{ reportedAt: Date | null }[]>`SELECT "reportedAt" FROM "Statement" WHERE id = ${undated.id}`
      )[0]!.reportedAt;
    expect(undated.source.publishedOn).not.toBeNull();
    expect(await reportedAt()).toEqual(undated.source.publishedOn);
    try {
      await db.source.update({
        where: { id: undated.sourceId },
        data: { publishedOn: new Date("2025-08-20T00:00:00Z") },
      });
      expect(await reportedAt()).toEqual(new Date("2025-08-20T00:00:00Z"));
      await db.statement.update({
        where: { id: undated.id },
        data: { saidAt: new Date("2025-08-14T12:00:00Z"), timePrecision: "HOUR", timeBasis: "DERIVED" },
      });
      expect(await reportedAt()).toBeNull();
    } finally {
      await db.statement.update({
        where: { id: undated.id },
        data: { saidAt: null, timePrecision: undated.timePrecision, timeBasis: undated.timeBasis },
      });
      await db.source.update({ where: { id: undated.sourceId }, data: { publishedOn: undated.source.publishedOn } });
    }
    expect(await reportedAt()).toEqual(undated.source.publishedOn);
  });
});

describe("the bulk insert check", () => {
  it("refuses a batch with one bad span whole, naming the first bad statement", async () => {
    const { db } = database;
    const source = await db.source.findFirstOrThrow();
    const speaker = await db.actor.findFirstOrThrow();
    const before = await db.statement.count();
    const row = (id: number, start: number, exact: string) =>
      db.$executeRawUnsafe(
        `INSERT INTO "Statement" (id, key, kind, text, "speakerId", "sourceId", start, "end", exact, prefix, suffix)
         SELECT * FROM unnest($1::int[], $2::text[], $3::"StatementKind"[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[], $10::text[], $11::text[])`,
        [id, id + 1],
        [`bulk-${id}`, `bulk-${id + 1}`],
        ["PARAPHRASE", "PARAPHRASE"],
        ["x", "y"],
        [speaker.id, speaker.id],
        [source.id, source.id],
        [start, 0],
        [start + exact.length, [...source.text].slice(0, 5).length],
        [exact, [...source.text].slice(0, 5).join("")],
        ["", ""],
        ["", ""],
      );
    const good = [...source.text].slice(0, 5).join("");
    await expect(row(900001, 0, good)).resolves.toBe(2);
    await db.$executeRawUnsafe(`DELETE FROM "Statement" WHERE key LIKE 'bulk-%'`);
    await expect(row(900011, 1, "not the text")).rejects.toThrow(
      /provenance mismatch for Statement 900011: source text \[1,13\) is ".*" but exact is "not the text"/,
    );
    expect(await db.statement.count()).toBe(before);
  });
});
