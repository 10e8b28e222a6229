import type { Db } from "../../src/db/client";
import { connectionSettings, createDb, statementNames } from "../../src/db/client";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function settings(db: Db, names: string[]): Promise<Record<string, string>> {
  const rows = await db.$queryRawUnsafe<{ name: string; setting: string }[]>(
    `SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name ORDER BY name`,
    names,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}

describe("session options", () => {
  it("apply on every connection when the URL sets none", async () => {
    const db = createDb(database.url);
    try {
      expect(await settings(db, ["random_page_cost", "DateStyle", "extra_float_digits"])).toEqual({
        DateStyle: "ISO, MDY",
        extra_float_digits: "1",
        random_page_cost: "1.1",
      });
    } finally {
      await db.$disconnect();
    }
  });

  it("are kept beside the URL's own `options`, which win over the planner's but not over how values print", async () => {
    const url = new URL(database.url);
    url.searchParams.set("options", "-c statement_timeout=1234 -c random_page_cost=2 -c extra_float_digits=0");
    expect(connectionSettings(url.toString())).toEqual({
      connectionString: database.url,
      options:
        "-c random_page_cost=1.1 -c statement_timeout=1234 -c random_page_cost=2 -c extra_float_digits=0 -c DateStyle=ISO -c extra_float_digits=1",
    });
    const db = createDb(url.toString());
    try {
      expect(await settings(db, ["random_page_cost", "DateStyle", "statement_timeout", "extra_float_digits"])).toEqual({
        DateStyle: "ISO, MDY",
        extra_float_digits: "1",
        random_page_cost: "2",
        statement_timeout: "1234ms",
      });
    } finally {
      await db.$disconnect();
    }
  });
});

describe("prepared statements", () => {
  it("name a text from its second sighting, never more than a hundred texts, and none too long", () => {
    const name = statementNames();
    const sql = (n: number) => ({ sql: `SELECT ${n}` });
    expect(name(sql(0))).toBeUndefined();
    const second = name(sql(0));
    expect(second).toMatch(/^nc_[\w-]{22}$/);
    expect(name(sql(0))).toBe(second);
    const names = new Set<string>([second]);
    for (let n = 1; n < 300; n += 1) {
      name(sql(n));
      const named = name(sql(n));
      if (named !== undefined) names.add(named);
    }
    expect(names.size).toBe(100);
    expect(name(sql(250))).toBeUndefined();
    expect(name(sql(0))).toBe(second);
    const fresh = statementNames();
    const long = { sql: `SELECT '${"x".repeat(40_000)}'` };
    expect([fresh(long), fresh(long), fresh(long)]).toEqual([undefined, undefined, undefined]);
    expect([fresh(sql(1)), fresh(sql(1))]).toEqual([undefined, name(sql(1))]);
  });

  it("answer as unnamed ones do, on every connection of the pool", async () => {
    const db = createDb(database.url);
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, n) => db.$queryRaw<{ n: number }[]>`SELECT ${n}::int + 1 AS n`),
      );
      expect(answers).toEqual(Array.from({ length: 30 }, (_, n) => [{ n: n + 1 }]));
      // One connection (a transaction's): the text, named by now, is prepared there; the count's is not.
      const [answer, prepared] = await db.$transaction(async (tx) => [
        await tx.$queryRaw<{ n: number }[]>`SELECT ${41}::int + 1 AS n`,
        await tx.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM pg_prepared_statements`,
      ]);
      expect(answer).toEqual([{ n: 42 }]);
      expect(prepared).toEqual([{ count: 1 }]);
    } finally {
      await db.$disconnect();
    }
  });
});
