import type { Db } from "../../src/db/client";
import { connectionSettings, createDb, SESSION_OPTIONS } from "../../src/db/client";
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

  it("are kept beside the URL's own `options`, which win where both set a parameter", async () => {
    const url = new URL(database.url);
    url.searchParams.set("options", "-c statement_timeout=1234 -c random_page_cost=2");
    expect(connectionSettings(url.toString())).toEqual({
      connectionString: database.url,
      options: `${SESSION_OPTIONS} -c statement_timeout=1234 -c random_page_cost=2`,
    });
    const db = createDb(url.toString());
    try {
      expect(await settings(db, ["random_page_cost", "DateStyle", "statement_timeout"])).toEqual({
        DateStyle: "ISO, MDY",
        random_page_cost: "2",
        statement_timeout: "1234ms",
      });
    } finally {
      await db.$disconnect();
    }
  });
});
