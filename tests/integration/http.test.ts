import { readFileSync } from "node:fs";
import path from "node:path";
import { toGlobalId } from "../../src/common/global-id";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

const ARTICLE = Array.from(readFileSync(path.join(__dirname, "../../seed/anchorage-summit.txt"), "utf8"));

let fixture: SeededFixture;
let origin: string;
beforeAll(async () => {
  fixture = await seededFixture();
  origin = new URL(fixture.server.url).origin;
});
afterAll(() => closeFixture(fixture));

/** A minimal RFC 4180 reader, to check the export the way a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else {
      field += char;
    }
  }
  return rows;
}

describe("bulk export", () => {
  it("streams every statement as NDJSON with speaker, topics and provenance", async () => {
    const response = await fetch(`${origin}/export/statements.ndjson`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const rows = (await response.text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(15);
    const { db } = fixture.database;
    const zelenskyy = await db.statement.findFirstOrThrow({
      where: { key: "zelenskyy-ceding-territory-unconstitutional" },
    });
    const source = await db.source.findUniqueOrThrow({ where: { slug: "anchorage-summit-article" } });
    expect(rows[12]).toEqual({
      id: toGlobalId("Statement", zelenskyy.id),
      kind: "PARAPHRASE",
      text: "Ceding territory would violate Ukraine's constitution.",
      verb: "argues",
      speaker: "volodymyr-zelenskyy",
      speakerName: "Volodymyr Zelenskyy",
      occasion: null,
      saidAt: null,
      timeZone: null,
      timePrecision: null,
      timeBasis: null,
      timeText: null,
      topics: ["territorial-exchange"],
      source: toGlobalId("Source", source.id),
      start: 2409,
      end: 2462,
      exact: "ceding territory would violate Ukraine's constitution",
      prefix: ARTICLE.slice(2409 - 32, 2409).join(""),
      suffix: ARTICLE.slice(2462, 2462 + 32).join(""),
    });
    for (const row of rows) {
      expect(ARTICLE.slice(row.start as number, row.end as number).join("")).toBe(row.exact);
    }
  });

  it("writes CSV a spreadsheet reads back, filtered like `statements`", async () => {
    const response = await fetch(
      `${origin}/export/statements.csv?speaker=volodymyr-zelenskyy,karoline-leavitt&kind=PARAPHRASE`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual([
      "id",
      "kind",
      "text",
      "verb",
      "speaker",
      "speakerName",
      "occasion",
      "saidAt",
      "timeZone",
      "timePrecision",
      "timeBasis",
      "timeText",
      "topics",
      "source",
      "start",
      "end",
      "exact",
      "prefix",
      "suffix",
    ]);
    expect(rows.map((row) => [row[4], row[2], row[12], row[14], row[15], row[18]])).toEqual([
      [
        "karoline-leavitt",
        "A joint press conference will follow the summit to discuss the outcomes of the meeting.",
        "",
        "1013",
        "1099",
        ARTICLE.slice(1099, 1131).join(""),
      ],
      [
        "volodymyr-zelenskyy",
        "Ceding territory would violate Ukraine's constitution.",
        "territorial-exchange",
        "2409",
        "2462",
        ARTICLE.slice(2462, 2494).join(""),
      ],
    ]);
    expect(rows[1]![18]).toContain("\n");
  });

  it("carries the same 15 rows in CSV as in NDJSON, quotes, commas and all", async () => {
    const records = (await (await fetch(`${origin}/export/statements.ndjson`)).text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, string | number | string[] | null>);
    const csv = await (await fetch(`${origin}/export/statements.csv`)).text();
    // The quote's prefix ends in the article's opening quotation mark, doubled inside a quoted field.
    expect(csv).toContain(`,"ute to Alaska, Trump remarked, """,`);
    const [header, ...rows] = parseCsv(csv);
    expect(rows).toEqual(
      records.map((record) =>
        header!.map((column) => {
          const value = record[column];
          return value === null ? "" : Array.isArray(value) ? value.join(";") : String(value);
        }),
      ),
    );
    expect(rows).toHaveLength(15);
  });

  it("filters by date and answers bad parameters with a coded JSON error", async () => {
    const dated = await fetch(`${origin}/export/statements.ndjson?kind=DIRECT_QUOTE&saidFrom=2025-08-15`);
    const quotes = (await dated.text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { verb: string });
    expect(quotes.map((q) => q.verb)).toEqual(["remarked", "concluded"]);
    const keys = async (query: string) =>
      (await (await fetch(`${origin}/export/statements.ndjson?${query}`)).text())
        .trimEnd()
        .split("\n")
        .map((line) => (JSON.parse(line) as { timeText: string }).timeText);
    // The Wednesday statement is dated 13 August (DAY); the next dated ones, 15 August.
    expect(await keys("saidTo=2025-08-14T23:59:59Z")).toEqual(["on Wednesday"]);
    expect(await keys("saidFrom=2025-08-13&saidTo=2025-08-13")).toEqual(["on Wednesday"]);
    expect((await keys("saidTo=2025-08-15")).length).toBe(6);

    for (const [query, message, argumentName] of [
      ["kind=RUMOUR", '`kind` must be DIRECT_QUOTE or PARAPHRASE (got "RUMOUR").', "kind"],
      ["speaker=nobody", 'No actor has slug "nobody" (in `speaker`).', "speaker"],
      ["kind=toString", '`kind` must be DIRECT_QUOTE or PARAPHRASE (got "toString").', "kind"],
      ["speaker=donald%00trump", "`speaker`: text cannot contain the NUL character (U+0000).", "speaker"],
      ...["yesterday", "12", "2025-08-15T10:00:00", "2025-02-30", "0000-01-01", "0000-01-01T00:00:00Z"].map((value) => [
        `saidFrom=${value}`,
        `\`saidFrom\` must be a date (2025-08-15) or an instant with its offset (2025-08-15T19:00:00Z), once (got "${value}").`,
        "saidFrom",
      ]),
      [
        "saidFrom=2025-08-15&saidTo=2025-08-01",
        "`saidFrom/saidTo` ends (2025-08-01T23:59:59.999Z) before it starts (2025-08-15T00:00:00.000Z).",
        "saidFrom/saidTo",
      ],
      ["colour=red", "Unknown parameter `colour`; use speaker, topic, occasion, kind, saidFrom, saidTo.", "colour"],
    ]) {
      const response = await fetch(`${origin}/export/statements.csv?${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        errors: [{ message, extensions: { code: "BAD_USER_INPUT", argumentName } }],
      });
    }
  });
});

describe("HTTP for frontends", () => {
  it("marks every answer as varying by Origin (allowed or not) and Authorization, and not to be sniffed", async () => {
    const url = `${fixture.server.url}?query=${encodeURIComponent("{ topics { totalCount } }")}`;
    const answers = await Promise.all(
      (
        [{}, { origin: "http://localhost:5173" }, { origin: "https://elsewhere.example" }] as Record<string, string>[]
      ).map(async (origin) => {
        const response = await fetch(url, { headers: { "apollo-require-preflight": "true", ...origin } });
        return {
          status: response.status,
          vary: response.headers.get("vary"),
          sniff: response.headers.get("x-content-type-options"),
          allowed: response.headers.get("access-control-allow-origin"),
          cache: response.headers.get("cache-control"),
        };
      }),
    );
    const common = { status: 200, vary: "Origin, Authorization", sniff: "nosniff", cache: "max-age=60, public" };
    expect(answers).toEqual([
      { ...common, allowed: null },
      { ...common, allowed: "http://localhost:5173" },
      { ...common, allowed: null },
    ]);
  });

  it("answers GET queries with a Cache-Control hint", async () => {
    const response = await fetch(`${fixture.server.url}?query=${encodeURIComponent("{ topics { totalCount } }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("max-age=60, public");
    expect(await response.json()).toEqual({
      data: { topics: { totalCount: 6 } },
      extensions: { cost: { requested: 1, limit: 1000 } },
    });
  });

  it("never marks a response with errors cacheable", async () => {
    const response = await fetch(
      `${fixture.server.url}?query=${encodeURIComponent('{ event(slug: "nope") { slug } }')}`,
      {
        headers: { "apollo-require-preflight": "true" },
      },
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("allows listed browser origins (any localhost port by default) and no others", async () => {
    const preflight = (from: string) =>
      fetch(fixture.server.url, {
        method: "OPTIONS",
        headers: {
          origin: from,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
    const allowed = await preflight("http://localhost:5173");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET,POST,OPTIONS");
    const denied = await preflight("https://evil.example");
    expect(denied.status).toBe(403);
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    expect(await denied.json()).toEqual({
      errors: [
        {
          message: "Origin https://evil.example is not allowed; the server's CORS_ORIGINS lists those that are.",
          extensions: { code: "BAD_REQUEST" },
        },
      ],
    });
  });
});
