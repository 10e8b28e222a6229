import type { Prisma } from "../../src/generated/prisma/client";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";

/**
 * The invariants the database enforces whoever writes (migration `invariants`): for each rule a
 * row that keeps it is stored, and one that breaks it is refused with SQLSTATE 23514 and the rule's
 * name. All the data here is fictional, written for this test.
 */
let database: TestDatabase;

/** A fictional article; every statement and role below is a span of it. */
const TEXT =
  'Fictional test article. Harbour Commissioner Ilsa Varn said: "The bridge opens in May." ' +
  "Varn added that the ferry would keep running until then.";
const span = (exact: string) => {
  const start = TEXT.indexOf(exact);
  if (start < 0) throw new Error(`"${exact}" is not in the test article`);
  return { start, end: start + exact.length, exact, prefix: "", suffix: "" };
};
const QUOTE = span("The bridge opens in May.");
const CLAIM = span("Varn added that the ferry would keep running until then");
const ROLE = span("Harbour Commissioner");

let sourceId: number;
let speakerId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const source = await db.source.create({
    data: {
      slug: "fictional-harbour-article",
      title: "Fictional harbour article (test data)",
      language: "en",
      publishedOn: new Date("2031-05-02T00:00:00Z"),
      publishedOnBasis: "SOURCE",
      text: TEXT,
      textLength: [...TEXT].length,
      sha256: "0".repeat(64),
    },
  });
  sourceId = source.id;
  const speaker = await db.actor.create({
    data: {
      slug: "ilsa-varn",
      kind: "PERSON",
      name: "Ilsa Varn",
      description: "A fictional harbour commissioner (test data).",
      person: { create: { givenName: "Ilsa", familyName: "Varn" } },
    },
  });
  speakerId = speaker.id;
});
afterAll(() => database.drop());

/** The database's own error under Prisma's and the driver adapter's wrappings: its SQLSTATE and message. */
async function refusal(write: Promise<unknown>): Promise<{ code: unknown; message: unknown }> {
  const error = await write.then(
    () => {
      throw new Error("the write was accepted");
    },
    (failure: unknown) => failure,
  );
  type Wrapped = { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: Wrapped } };
  let found = error as Wrapped;
  for (;;) {
    const inner = (found.meta?.driverAdapterError ?? found.cause) as Wrapped | undefined;
    if (inner === undefined || typeof inner !== "object") break;
    found = inner;
  }
  return { code: found.code, message: found.message };
}

/** What PostgreSQL says when a row breaks a CHECK constraint. */
const checkViolation = (table: string, constraint: string) => ({
  code: "23514",
  message: `new row for relation "${table}" violates check constraint "${constraint}"`,
});

let keys = 0;
/** A statement of the test article, a paraphrase unless told otherwise. */
function statement(fields: Partial<Prisma.StatementUncheckedCreateInput> = {}) {
  keys += 1;
  return database.db.statement.create({
    data: {
      key: `fictional-${keys}`,
      kind: "PARAPHRASE",
      text: "Varn said the ferry keeps running.",
      speakerId,
      sourceId,
      ...CLAIM,
      ...fields,
    },
  });
}

describe("Statement_direct_quote_text_is_exact", () => {
  it("stores a direct quote whose text is its exact words, and a paraphrase in other words", async () => {
    await expect(statement({ kind: "DIRECT_QUOTE", text: QUOTE.exact, ...QUOTE })).resolves.toMatchObject({
      text: QUOTE.exact,
    });
    await expect(statement()).resolves.toMatchObject({ kind: "PARAPHRASE" });
  });

  it("refuses a direct quote with other text, written so or made so", async () => {
    expect(await refusal(statement({ kind: "DIRECT_QUOTE", text: "The bridge opens soon.", ...QUOTE }))).toEqual(
      checkViolation("Statement", "Statement_direct_quote_text_is_exact"),
    );
    const paraphrase = await statement();
    expect(
      await refusal(
        database.db.$executeRawUnsafe(`UPDATE "Statement" SET kind = 'DIRECT_QUOTE' WHERE id = $1`, paraphrase.id),
      ),
    ).toEqual(checkViolation("Statement", "Statement_direct_quote_text_is_exact"));
  });
});

describe("Statement_time_fields_together", () => {
  const saidAt = new Date("2031-05-01T00:00:00Z");

  it("stores saidAt, timePrecision and timeBasis all given, or none; timeText stands alone", async () => {
    await expect(statement({ saidAt, timePrecision: "DAY", timeBasis: "DERIVED" })).resolves.toMatchObject({ saidAt });
    await expect(statement({ timeText: "in the weeks before the opening" })).resolves.toMatchObject({
      saidAt: null,
      timePrecision: null,
      timeText: "in the weeks before the opening",
    });
  });

  it("refuses any one of them without the others", async () => {
    const refused = checkViolation("Statement", "Statement_time_fields_together");
    expect(await refusal(statement({ saidAt }))).toEqual(refused);
    expect(await refusal(statement({ saidAt, timePrecision: "DAY" }))).toEqual(refused);
    expect(await refusal(statement({ timePrecision: "DAY", timeBasis: "DERIVED" }))).toEqual(refused);
    expect(await refusal(statement({ timeBasis: "SOURCE" }))).toEqual(refused);
    const timed = await statement({ saidAt, timePrecision: "DAY", timeBasis: "DERIVED" });
    expect(await refusal(database.db.statement.update({ where: { id: timed.id }, data: { saidAt: null } }))).toEqual(
      refused,
    );
  });
});

describe("Statement_time_zone_needs_said_at", () => {
  it("stores a time zone with saidAt and refuses one without", async () => {
    await expect(
      statement({
        saidAt: new Date("2031-05-01T08:00:00Z"),
        timeZone: "America/Anchorage",
        timePrecision: "DAY",
        timeBasis: "DERIVED",
      }),
    ).resolves.toMatchObject({ timeZone: "America/Anchorage" });
    expect(await refusal(statement({ timeZone: "America/Anchorage" }))).toEqual(
      checkViolation("Statement", "Statement_time_zone_needs_said_at"),
    );
  });
});

describe("Statement_said_at_starts_its_period", () => {
  const timed = (saidAt: string, timePrecision: "MINUTE" | "DAY" | "MONTH", timeZone: string | null = null) =>
    statement({ saidAt: new Date(saidAt), timePrecision, timeZone, timeBasis: "DERIVED" });

  it("stores an instant at the start of its period in its time zone (UTC without one)", async () => {
    await expect(timed("2031-05-01T08:00:00Z", "DAY", "America/Anchorage")).resolves.toBeDefined();
    await expect(timed("2031-05-01T00:00:00Z", "MONTH")).resolves.toBeDefined();
    await expect(timed("2031-05-01T10:31:00Z", "MINUTE", "Asia/Kolkata")).resolves.toBeDefined();
  });

  it("refuses one inside its period", async () => {
    const refused = checkViolation("Statement", "Statement_said_at_starts_its_period");
    // Midnight UTC is four in the afternoon the day before in Anchorage.
    expect(await refusal(timed("2031-05-01T00:00:00Z", "DAY", "America/Anchorage"))).toEqual(refused);
    expect(await refusal(timed("2031-05-02T00:00:00Z", "MONTH"))).toEqual(refused);
    expect(await refusal(timed("2031-05-01T10:31:30Z", "MINUTE"))).toEqual(refused);
  });
});

describe("Event_starts_at_starts_its_period and Event_not_its_own_parent", () => {
  const event = (slug: string, fields: Partial<Prisma.EventUncheckedCreateInput>) =>
    database.db.event.create({
      data: {
        slug,
        title: "Fictional bridge opening (test data)",
        kind: "SPEECH",
        status: "SCHEDULED",
        timePrecision: "DAY",
        timeBasis: "SOURCE",
        ...fields,
      },
    });

  it("stores an event at the start of its period, or with no start", async () => {
    await expect(
      event("fictional-opening", { startsAt: new Date("2031-05-15T08:00:00Z"), timeZone: "America/Anchorage" }),
    ).resolves.toBeDefined();
    await expect(event("fictional-opening-undated", { timeZone: "America/Anchorage" })).resolves.toMatchObject({
      startsAt: null,
    });
  });

  it("refuses a start inside its period, also when its time zone or precision changes under it", async () => {
    const refused = checkViolation("Event", "Event_starts_at_starts_its_period");
    expect(await refusal(event("fictional-noon", { startsAt: new Date("2031-05-15T12:00:00Z") }))).toEqual(refused);
    const utcDay = await event("fictional-utc-day", { startsAt: new Date("2031-05-16T00:00:00Z") });
    const { db } = database;
    expect(
      await refusal(db.event.update({ where: { id: utcDay.id }, data: { timeZone: "America/Anchorage" } })),
    ).toEqual(refused);
    expect(await refusal(db.event.update({ where: { id: utcDay.id }, data: { timePrecision: "YEAR" } }))).toEqual(
      refused,
    );
  });

  it("refuses an event that is part of itself", async () => {
    const { db } = database;
    const parent = await event("fictional-harbour-week", {});
    await expect(event("fictional-harbour-week-talk", { parentId: parent.id })).resolves.toMatchObject({
      parentId: parent.id,
    });
    expect(await refusal(db.event.update({ where: { id: parent.id }, data: { parentId: parent.id } }))).toEqual(
      checkViolation("Event", "Event_not_its_own_parent"),
    );
  });
});

describe("Place_coordinates_together, Place_latitude_in_range, Place_longitude_in_range", () => {
  let places = 0;
  const place = (fields: Partial<Prisma.PlaceUncheckedCreateInput>) => {
    places += 1;
    return database.db.place.create({ data: { slug: `fictional-pier-${places}`, name: "Fictional Pier", ...fields } });
  };

  it("stores a place with latitude, longitude and their basis, or none of them", async () => {
    await expect(place({ latitude: -90, longitude: 180, coordinatesBasis: "BACKGROUND" })).resolves.toMatchObject({
      latitude: -90,
      longitude: 180,
    });
    await expect(place({})).resolves.toMatchObject({ latitude: null, longitude: null, coordinatesBasis: null });
  });

  it("refuses coordinates in part", async () => {
    const refused = checkViolation("Place", "Place_coordinates_together");
    expect(await refusal(place({ latitude: 10, longitude: 20 }))).toEqual(refused);
    expect(await refusal(place({ latitude: 10, coordinatesBasis: "SOURCE" }))).toEqual(refused);
    expect(await refusal(place({ coordinatesBasis: "SOURCE" }))).toEqual(refused);
  });

  it("refuses coordinates off the globe, NaN among them", async () => {
    expect(await refusal(place({ latitude: 90.5, longitude: 0, coordinatesBasis: "SOURCE" }))).toEqual(
      checkViolation("Place", "Place_latitude_in_range"),
    );
    expect(await refusal(place({ latitude: 0, longitude: -180.5, coordinatesBasis: "SOURCE" }))).toEqual(
      checkViolation("Place", "Place_longitude_in_range"),
    );
    expect(await refusal(place({ latitude: Number.NaN, longitude: 0, coordinatesBasis: "SOURCE" }))).toEqual(
      checkViolation("Place", "Place_latitude_in_range"),
    );
  });
});

describe("Source_published_on_with_basis", () => {
  it("keeps a publication date with its basis", async () => {
    const { db } = database;
    const refused = checkViolation("Source", "Source_published_on_with_basis");
    expect(await refusal(db.source.update({ where: { id: sourceId }, data: { publishedOnBasis: null } }))).toEqual(
      refused,
    );
    expect(await refusal(db.source.update({ where: { id: sourceId }, data: { publishedOn: null } }))).toEqual(refused);
    await expect(
      db.source.update({ where: { id: sourceId }, data: { publishedOn: null, publishedOnBasis: null } }),
    ).resolves.toMatchObject({ publishedOn: null });
    await db.source.update({
      where: { id: sourceId },
      data: { publishedOn: new Date("2031-05-02T00:00:00Z"), publishedOnBasis: "SOURCE" },
    });
  });
});

describe("Role_dates_in_order and Role_span_needs_source", () => {
  let titles = 0;
  const role = (fields: Partial<Prisma.RoleUncheckedCreateInput>) => {
    titles += 1;
    return database.db.role.create({ data: { personId: speakerId, title: `Fictional office ${titles}`, ...fields } });
  };

  it("stores a role that ends on or after it starts, or has open dates", async () => {
    const day = new Date("2031-01-01T00:00:00Z");
    await expect(role({ startDate: day, endDate: day, spanBasis: "BACKGROUND" })).resolves.toMatchObject({
      endDate: day,
    });
    await expect(role({ endDate: day })).resolves.toMatchObject({ startDate: null });
  });

  it("refuses a role that ends before it starts", async () => {
    expect(
      await refusal(role({ startDate: new Date("2031-01-02T00:00:00Z"), endDate: new Date("2031-01-01T00:00:00Z") })),
    ).toEqual(checkViolation("Role", "Role_dates_in_order"));
  });

  it("stores a span with its source, and refuses one without", async () => {
    await expect(role({ sourceId, ...ROLE })).resolves.toMatchObject({ sourceId, exact: ROLE.exact });
    expect(await refusal(role({ exact: ROLE.exact }))).toEqual(checkViolation("Role", "Role_span_needs_source"));
  });
});

describe("Statement_span_in_order and Role_span_in_order", () => {
  // The provenance triggers refuse such spans first; these checks hold where triggers do not run
  // (session_replication_role = replica, as a logical replica or a restore runs).
  const withoutTriggers = (sql: string, ...values: unknown[]) =>
    database.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      return tx.$executeRawUnsafe(sql, ...values);
    });

  it("refuse an empty or negative span of a statement", async () => {
    const insert = (start: number, end: number) =>
      withoutTriggers(
        `INSERT INTO "Statement" (key, kind, text, "speakerId", "sourceId", start, "end", exact, prefix, suffix)
         VALUES ($1, 'PARAPHRASE', 'Fictional.', $2, $3, $4, $5, $6, '', '')`,
        `fictional-span-${start}-${end}`,
        speakerId,
        sourceId,
        start,
        end,
        TEXT.slice(Math.max(0, start), end),
      );
    const refused = checkViolation("Statement", "Statement_span_in_order");
    expect(await refusal(insert(5, 5))).toEqual(refused);
    expect(await refusal(insert(-1, 3))).toEqual(refused);
    await expect(insert(0, 1)).resolves.toBe(1);
  });

  it("refuse a role's span with one end or backwards", async () => {
    const insert = (title: string, start: number | null, end: number | null) =>
      withoutTriggers(
        `INSERT INTO "Role" ("personId", title, "sourceId", start, "end", exact) VALUES ($1, $2, $3, $4, $5, 'x')`,
        speakerId,
        title,
        sourceId,
        start,
        end,
      );
    const refused = checkViolation("Role", "Role_span_in_order");
    expect(await refusal(insert("Fictional span one end", 3, null))).toEqual(refused);
    expect(await refusal(insert("Fictional span backwards", 7, 3))).toEqual(refused);
    await expect(insert("Fictional span fine", 3, 7)).resolves.toBe(1);
  });
});

describe("Actor_person_iff_kind_person", () => {
  const { stringContaining } = expect;
  const named = (message: string) => ({
    code: "23514",
    message: stringContaining(`${message} (Actor_person_iff_kind_person)`),
  });
  let actors = 0;
  const actorData = (kind: "PERSON" | "COUNTRY" | "GROUP") => {
    actors += 1;
    return { slug: `fictional-actor-${actors}`, kind, name: `Fictional actor ${actors}` };
  };

  it("stores a PERSON with its Person row and another kind without one, checked at commit", async () => {
    const { db } = database;
    const [person, country] = await db.$transaction(async (tx) => {
      // In between, the PERSON has no Person row: only the commit has to agree.
      const created = await tx.actor.create({ data: actorData("PERSON") });
      await tx.person.create({ data: { actorId: created.id, givenName: "Fictional" } });
      return [created, await tx.actor.create({ data: actorData("COUNTRY") })];
    });
    expect(await db.person.findUnique({ where: { actorId: person.id } })).toMatchObject({ givenName: "Fictional" });
    expect(await db.person.findUnique({ where: { actorId: country.id } })).toBeNull();
  });

  it("refuses a PERSON without a Person row, writing nothing", async () => {
    const { db } = database;
    const data = actorData("PERSON");
    const error = await refusal(db.$transaction((tx) => tx.actor.create({ data })));
    expect(error).toEqual(named(`is a PERSON but has no Person row`));
    expect(await db.actor.findUnique({ where: { slug: data.slug } })).toBeNull();
  });

  it("refuses a Person row for an actor of another kind", async () => {
    const { db } = database;
    const group = await db.actor.create({ data: actorData("GROUP") });
    expect(await refusal(db.person.create({ data: { actorId: group.id } }))).toEqual(
      named(`Actor ${group.id} is a GROUP but has a Person row; only a PERSON has one`),
    );
  });

  it("refuses a kind changed away from PERSON, or a Person row deleted, on its own; allows both together", async () => {
    const { db } = database;
    const person = await db.actor.create({ data: { ...actorData("PERSON"), person: { create: {} } } });
    expect(await refusal(db.actor.update({ where: { id: person.id }, data: { kind: "GROUP" } }))).toEqual(
      named(`Actor ${person.id} is a GROUP but has a Person row; only a PERSON has one`),
    );
    expect(await refusal(db.person.delete({ where: { actorId: person.id } }))).toEqual(
      named(`Actor ${person.id} is a PERSON but has no Person row`),
    );
    const country = await db.actor.create({ data: actorData("COUNTRY") });
    expect(await refusal(db.actor.update({ where: { id: country.id }, data: { kind: "PERSON" } }))).toEqual(
      named(`Actor ${country.id} is a PERSON but has no Person row`),
    );
    await db.$transaction([
      db.person.delete({ where: { actorId: person.id } }),
      db.actor.update({ where: { id: person.id }, data: { kind: "GROUP" } }),
    ]);
    expect(await db.actor.findUniqueOrThrow({ where: { id: person.id }, include: { person: true } })).toMatchObject({
      kind: "GROUP",
      person: null,
    });
    // Deleting an actor takes its Person row with it.
    const gone = await db.actor.create({ data: { ...actorData("PERSON"), person: { create: {} } } });
    await db.actor.delete({ where: { id: gone.id } });
    expect(await db.person.findUnique({ where: { actorId: gone.id } })).toBeNull();
  });
});

describe("Statement_provenance and Role_provenance on a bulk insert", () => {
  // A longer fictional article, so that the spans of one INSERT fall in different parts of it
  // (the check reads the text in blocks of 255 code points) and straddle their edges.
  const sentences = Array.from({ length: 400 }, (_, i) => `Fictional clause ${i} says ${"é😀".repeat(i % 7)}so.`);
  const LONG_TEXT = sentences.join(" ");
  const points = [...LONG_TEXT];
  let longSourceId: number;
  const spans = sentences.map((sentence) => {
    const start = points.length - [...LONG_TEXT.slice(LONG_TEXT.indexOf(sentence))].length;
    const end = start + [...sentence].length;
    return {
      start,
      end,
      exact: sentence,
      prefix: points.slice(Math.max(0, start - 40), start).join(""),
      suffix: points.slice(end, end + 40).join(""),
    };
  });

  beforeAll(async () => {
    const source = await database.db.source.create({
      data: {
        slug: "fictional-long-article",
        title: "Fictional long article (test data)",
        language: "en",
        text: LONG_TEXT,
        textLength: points.length,
        sha256: "1".repeat(64),
      },
    });
    longSourceId = source.id;
  });

  /** One INSERT of a statement per span. */
  const insertStatements = (tag: string, rows: typeof spans) =>
    database.db.$executeRawUnsafe(
      `INSERT INTO "Statement" (key, kind, text, "speakerId", "sourceId", start, "end", exact, prefix, suffix)
       SELECT $1 || '-' || n, 'PARAPHRASE', 'Fictional.', $2, $3, s, e, x, p, f
       FROM unnest($4::int[], $5::int[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS r(s, e, x, p, f, n)`,
      `fictional-bulk-${tag}`,
      speakerId,
      longSourceId,
      rows.map((r) => r.start),
      rows.map((r) => r.end),
      rows.map((r) => r.exact),
      rows.map((r) => r.prefix),
      rows.map((r) => r.suffix),
    );
  const stored = (tag: string) =>
    database.db.statement.count({ where: { key: { startsWith: `fictional-bulk-${tag}` } } });

  it("stores many statements whose spans all hold", async () => {
    await expect(insertStatements("good", spans)).resolves.toBe(spans.length);
    expect(await stored("good")).toBe(spans.length);
  });

  it("refuses the whole insert for one wrong exact among many, naming it as before", async () => {
    const bad = { ...spans[250]!, exact: spans[250]!.exact.replace("says", "said") };
    const rows = [...spans.slice(0, 250), bad, ...spans.slice(251)];
    expect(await refusal(insertStatements("wrong-exact", rows))).toEqual({
      code: "23514",
      message: expect.stringMatching(
        new RegExp(
          `^provenance mismatch for Statement \\d+: source text \\[${bad.start},${bad.end}\\) is "Fictional clause 250 says .*so\\." but exact is "Fictional clause 250 said .*so\\."$`,
        ),
      ),
    });
    expect(await stored("wrong-exact")).toBe(0);
  });

  it("refuses a wrong prefix, a wrong suffix and a span past the end, among many", async () => {
    const cases = [
      { ...spans[100]!, prefix: `x${spans[100]!.prefix.slice(1)}` },
      { ...spans[399]!, suffix: " and more" },
      { ...spans[399]!, start: points.length - 2, end: points.length + 1, exact: "o.", prefix: "", suffix: "" },
    ];
    const expected = [
      /^provenance mismatch for Statement \d+: prefix ".*" is not the text before offset \d+, which ends ".*"$/,
      /^provenance mismatch for Statement \d+: suffix " and more" is not the text after offset \d+, which starts ""$/,
      /^provenance mismatch for Statement \d+: span \[\d+,\d+\) must satisfy 0 <= start < end <= \d+, the source text's length$/,
    ];
    for (const [i, wrong] of cases.entries()) {
      const rows = [...spans.slice(0, 300), wrong];
      expect(await refusal(insertStatements(`wrong-${i}`, rows))).toEqual({
        code: "23514",
        message: expect.stringMatching(expected[i]!),
      });
    }
  });

  it("refuses one wrong role span among many inserted at once", async () => {
    const insertRoles = (rows: typeof spans) =>
      database.db.$executeRawUnsafe(
        `INSERT INTO "Role" ("personId", title, "sourceId", start, "end", exact, prefix, suffix)
         SELECT $1, 'Fictional bulk title ' || n, $2, s, e, x, p, f
         FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS r(s, e, x, p, f, n)`,
        speakerId,
        longSourceId,
        rows.map((r) => r.start),
        rows.map((r) => r.end),
        rows.map((r) => r.exact),
        rows.map((r) => r.prefix),
        rows.map((r) => r.suffix),
      );
    const rows = spans.slice(0, 50);
    const wrong = [...rows.slice(0, 20), { ...rows[20]!, exact: "Not in the article." }, ...rows.slice(21)];
    expect(await refusal(insertRoles(wrong))).toEqual({
      code: "23514",
      message: expect.stringMatching(
        /^provenance mismatch for Role \d+: source text \[\d+,\d+\) is ".*" but exact is "Not in the article\."$/,
      ),
    });
    await expect(insertRoles(rows)).resolves.toBe(50);
  });
});
