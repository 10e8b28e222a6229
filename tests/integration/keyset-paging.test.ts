import pg from "pg";
import { DEFAULT_PAGE_SIZE } from "../../src/common/connection";
import type { NodeTypeName } from "../../src/common/global-id";
import { toGlobalId } from "../../src/common/global-id";
import { BUSIEST_SPEAKER_SLUG, COMMON_TERM, HOT_EVENT_SLUG } from "../../src/corpus/corpus";
import { keepPostings } from "../../src/modules/search/search.service";
import { corpusFixture } from "../helpers/corpus";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture } from "../helpers/fixture";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

class Rollback extends Error {}

let fixture: SeededFixture;
/** The same database answered field by field by resolvers, not by the selection compiler. */
let resolving: TestServer;
beforeAll(async () => {
  fixture = await corpusFixture("small");
  resolving = await startTestServer(fixture.database.db, { compileSelections: false });
});
afterAll(async () => {
  await resolving?.stop();
  await closeFixture(fixture);
});

/** The server the tests ask: the compiling one, but for the walks repeated on the resolving one. */
let server = (): TestServer => fixture.server;

interface Page {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string }[];
  nodes: { id: string }[];
}

const PAGE = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { id }`;

/** Runs a query whose connection sits at `path`, with the paging arguments spliced in at `ARGS`. */
async function page(query: string, path: string[], args: string): Promise<Page> {
  const { body } = await server().query(query.replace("ARGS", args));
  expect(body.errors).toBeUndefined();
  let value: unknown = body.data;
  for (const key of path) value = (value as Record<string, unknown>)[key];
  return value as Page;
}

/** Every id of a list, walked forward `size` at a time, checking each page's info on the way. */
async function walkForward(query: string, path: string[], size: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const current: Page = await page(query, path, after ? `first: ${size}, after: "${after}"` : `first: ${size}`);
    expect(current.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(current.pageInfo.startCursor).toBe(current.edges[0]?.cursor ?? null);
    expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor ?? null);
    ids.push(...current.nodes.map((node) => node.id));
    if (!current.pageInfo.hasNextPage) {
      expect(current.nodes.length).toBeLessThanOrEqual(size);
      return ids;
    }
    expect(current.nodes).toHaveLength(size);
    after = current.pageInfo.endCursor;
  }
}

/** Every id of a list, walked backward with `last`/`before`, returned in list order. */
async function walkBackward(query: string, path: string[], size: number): Promise<string[]> {
  const ids: string[] = [];
  let before: string | null = null;
  for (;;) {
    const current: Page = await page(query, path, before ? `last: ${size}, before: "${before}"` : `last: ${size}`);
    expect(current.pageInfo.hasNextPage).toBe(before !== null);
    ids.unshift(...current.nodes.map((node) => node.id));
    if (!current.pageInfo.hasPreviousPage) return ids;
    expect(current.nodes).toHaveLength(size);
    before = current.pageInfo.startCursor;
  }
}

async function expectedIds(type: NodeTypeName, sql: string, ...params: unknown[]): Promise<string[]> {
  const rows = await fixture.database.db.$queryRawUnsafe<{ id: number }[]>(sql, ...params);
  return rows.map((row) => toGlobalId(type, Number(row.id)));
}

const tieCount = async (sql: string) => Number((await fixture.database.db.$queryRawUnsafe<{ n: bigint }[]>(sql))[0]!.n);

/** Every hit of a search for the common term, walked 50 at a time, beside the order SQL gives. */
async function walkSearch(): Promise<{ seen: string[]; expected: string[] }> {
  const expected = await fixture.database.db.$queryRawUnsafe<{ type: string; id: number }[]>(
    `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query)
     SELECT type, id FROM (
       SELECT 'STATEMENT' AS type, t.id, ts_rank(t.search, q.query) AS rank FROM "Statement" t, q WHERE t.search @@ q.query
       UNION ALL SELECT 'EVENT', t.id, ts_rank(t.search, q.query) FROM "Event" t, q WHERE t.search @@ q.query
       UNION ALL SELECT 'ACTOR', t.id, ts_rank(t.search, q.query) FROM "Actor" t, q WHERE t.search @@ q.query
       UNION ALL SELECT 'TOPIC', t.id, ts_rank(t.search, q.query) FROM "Topic" t, q WHERE t.search @@ q.query
       UNION ALL SELECT 'POSITION', t.id, ts_rank(t.search, q.query) FROM "Position" t, q WHERE t.search @@ q.query
     ) hit ORDER BY rank DESC, type, id`,
    COMMON_TERM,
  );
  expect(expected.length).toBeGreaterThan(200);
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const args: string = after ? `first: 50, after: "${after}"` : "first: 50";
    const { body } = await server().query(
      `{ search(query: "${COMMON_TERM}", ${args}) { totalCount pageInfo { hasNextPage endCursor } edges { snippet node { __typename ... on Node { id } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const search = (
      body.data as {
        search: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { snippet: string; node: { __typename: string; id: string } }[];
        };
      }
    ).search;
    pages += 1;
    expect(search.totalCount).toBe(expected.length);
    for (const edge of search.edges) expect(edge.snippet).toContain(`<mark>`);
    seen.push(...search.edges.map((edge) => edge.node.id));
    if (!search.pageInfo.hasNextPage) break;
    after = search.pageInfo.endCursor;
  }
  const typeNames: Record<string, NodeTypeName> = {
    STATEMENT: "Statement",
    EVENT: "Event",
    TOPIC: "Topic",
    POSITION: "Position",
    ACTOR: "Person",
  };
  expect(pages).toBe(Math.ceil(expected.length / 50));
  return { seen, expected: expected.map((row) => toGlobalId(typeNames[row.type]!, Number(row.id))) };
}

describe.each(["compiled", "resolved"] as const)("keyset paging on a synthetic corpus, answers %s", (answered) => {
  beforeAll(() => {
    server = () => (answered === "compiled" ? fixture.server : resolving);
  });
  afterAll(() => {
    server = () => fixture.server;
  });

  it("walks statements by said-at, forwards and backwards, across ties in the sort key", async () => {
    const expected = await expectedIds(
      "Statement",
      `SELECT id FROM "Statement" ORDER BY "saidAt" DESC NULLS LAST, "sourceId" DESC, start DESC, id DESC`,
    );
    expect(expected.length).toBe(5000);
    // Statements at one event share their instant: pages must break inside such runs.
    expect(
      await tieCount(`SELECT count(*) AS n FROM (SELECT "saidAt" FROM "Statement" GROUP BY 1 HAVING count(*) > 7) t`),
    ).toBeGreaterThan(50);
    const query = `{ statements(orderBy: { field: SAID_AT, direction: DESC }, ARGS) { ${PAGE} } }`;
    expect(await walkForward(query, ["statements"], 97)).toEqual(expected);
    expect(await walkBackward(query, ["statements"], 89)).toEqual(expected);
  });

  it("walks actors by statement count (descending, ties by name ascending) both ways", async () => {
    const expected = await expectedIds(
      "Person",
      `SELECT id FROM "Actor" ORDER BY (SELECT count(*) FROM "Statement" s WHERE s."speakerId" = "Actor".id) DESC, name, id`,
    );
    expect(
      await tieCount(
        `SELECT count(*) AS n FROM (SELECT "statementCount" FROM "Actor" GROUP BY 1 HAVING count(*) > 1) t`,
      ),
    ).toBeGreaterThan(5);
    const query = `{ actors(orderBy: { field: STATEMENT_COUNT, direction: DESC }, ARGS) { ${PAGE} } }`;
    // Collective actors have their own type name in global ids.
    const collective = new Set(
      (await expectedIds("CollectiveActor", `SELECT id FROM "Actor" WHERE kind <> 'PERSON'`)).map((id) => id),
    );
    const normalise = (ids: string[]) =>
      ids.map((id) => {
        const rowId = Buffer.from(id, "base64url").toString().split(":")[1]!;
        return collective.has(toGlobalId("CollectiveActor", Number(rowId))) ? toGlobalId("Person", Number(rowId)) : id;
      });
    expect(normalise(await walkForward(query, ["actors"], 33))).toEqual(expected);
    expect(normalise(await walkBackward(query, ["actors"], 41))).toEqual(expected);
  });

  it("walks positions by holder name, then topic name, across three tables", async () => {
    const expected = await expectedIds(
      "Position",
      `SELECT p.id FROM "Position" p JOIN "Actor" a ON a.id = p."holderId" JOIN "Topic" t ON t.id = p."topicId"
       ORDER BY a.name, a.id, t.name, p.id`,
    );
    const query = `{ positions(orderBy: { field: HOLDER_NAME }, ARGS) { ${PAGE} } }`;
    expect(await walkForward(query, ["positions"], 100)).toEqual(expected);
    expect(await walkBackward(query, ["positions"], 77)).toEqual(expected);
  });

  it("walks the busiest speaker's timeline, statements and positions merged in time", async () => {
    const rows = await fixture.database.db.$queryRawUnsafe<{ type: string; id: number }[]>(
      `SELECT type, id FROM (
         SELECT 'Statement' AS type, s.id,
           COALESCE(s."saidAt", src."publishedOn"::timestamp AT TIME ZONE 'UTC', 'infinity') AS at,
           1 AS k, s."sourceId" AS src, s.start AS off
         FROM "Statement" s JOIN "Actor" a ON a.id = s."speakerId" JOIN "Source" src ON src.id = s."sourceId"
         WHERE a.slug = $1
         UNION ALL
         SELECT 'Position', p.id, p."asOf"::timestamp AT TIME ZONE 'UTC', 2, 0, 0
         FROM "Position" p JOIN "Actor" a ON a.id = p."holderId" WHERE a.slug = $1
       ) t ORDER BY at, k, src, off, id`,
      BUSIEST_SPEAKER_SLUG,
    );
    expect(rows.length).toBeGreaterThan(100);
    const expected = rows.map((row) => toGlobalId(row.type as NodeTypeName, Number(row.id)));
    const query = `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { timeline(ARGS) { ${PAGE.replace("nodes { id }", "nodes { item { ... on Node { id } } }")} } } }`;
    const walk = async (direction: "forward" | "backward") => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const args: string =
          direction === "forward"
            ? cursor
              ? `first: 30, after: "${cursor}"`
              : "first: 30"
            : cursor
              ? `last: 30, before: "${cursor}"`
              : "last: 30";
        const { body } = await server().query(query.replace("ARGS", args));
        expect(body.errors).toBeUndefined();
        const timeline = (
          body.data as { actor: { timeline: Omit<Page, "nodes"> & { nodes: { item: { id: string } }[] } } }
        ).actor.timeline;
        const found = timeline.nodes.map((node) => node.item.id);
        if (direction === "forward") ids.push(...found);
        else ids.unshift(...found);
        const more = direction === "forward" ? timeline.pageInfo.hasNextPage : timeline.pageInfo.hasPreviousPage;
        if (!more) return ids;
        cursor = direction === "forward" ? timeline.pageInfo.endCursor : timeline.pageInfo.startCursor;
      }
    };
    expect(await walk("forward")).toEqual(expected);
    expect(await walk("backward")).toEqual(expected);
  });

  it(`pages search hits for "${COMMON_TERM}" best first, snippets on every page`, async () => {
    const { seen, expected } = await walkSearch();
    expect(seen).toEqual(expected);
  });

  it("reads for a search only what is selected: a count alone reads no page, ranks alone load no node", async () => {
    const { queries } = fixture.database;
    const statementsFor = async (selection: string) => {
      queries.length = 0;
      const { body } = await server().query(`{ search(query: "${COMMON_TERM}", first: 3) { ${selection} } }`);
      expect(body.errors).toBeUndefined();
      return queries.length;
    };
    // Each reads first whether the word's postings are kept (see "search postings" below).
    expect(await statementsFor("totalCount")).toBe(2);
    expect(await statementsFor("edges { rank snippet }")).toBe(2);
    expect(await statementsFor("totalCount pageInfo { hasNextPage }")).toBe(3);
    expect(await statementsFor("edges { cursor node { __typename } }")).toBeGreaterThan(2);
  });

  it(`gives ${DEFAULT_PAGE_SIZE} items when neither first nor last is given`, async () => {
    const { body } = await server().query(`{ statements { pageInfo { hasNextPage } nodes { id } } }`);
    const statements = (body.data as { statements: { pageInfo: { hasNextPage: boolean }; nodes: unknown[] } })
      .statements;
    expect(statements.nodes).toHaveLength(20);
    expect(statements.pageInfo.hasNextPage).toBe(true);
  });

  it("refuses a cursor from the same list filtered or ordered otherwise, or from another parent", async () => {
    const { body } = await server().query(`{
      filtered: statements(first: 1, filter: { speakers: ["${BUSIEST_SPEAKER_SLUG}"] }) { pageInfo { endCursor } }
      byDate: statements(first: 1, orderBy: { field: SAID_AT }) { pageInfo { endCursor } }
      busiest: actor(slug: "${BUSIEST_SPEAKER_SLUG}") { statements(first: 1) { pageInfo { endCursor } } }
    }`);
    const data = body.data as {
      filtered: Page;
      byDate: Page;
      busiest: { statements: Page };
    };
    const refusal = (cursor: string, path: (string | number)[]) => ({
      message: `"${cursor.length > 100 ? `${cursor.slice(0, 100)}…` : cursor}" is not a cursor of this list. Use a \`cursor\`, \`startCursor\` or \`endCursor\` it returned.`,
      locations: expect.any(Array),
      path,
      extensions: { code: "BAD_USER_INPUT", argumentName: "after" },
    });
    const filtered = data.filtered.pageInfo.endCursor!;
    const byDate = data.byDate.pageInfo.endCursor!;
    const ofBusiest = data.busiest.statements.pageInfo.endCursor!;

    const unfiltered = await server().query(`{ statements(after: "${filtered}") { nodes { id } } }`);
    expect(unfiltered.body).toEqual({ data: null, errors: [refusal(filtered, ["statements"])] });
    const sourceOrder = await server().query(`{ statements(after: "${byDate}") { nodes { id } } }`);
    expect(sourceOrder.body).toEqual({ data: null, errors: [refusal(byDate, ["statements"])] });

    // Another actor's list refuses the busiest speaker's cursor; the busiest speaker's own takes it.
    const { body: nested } = await server().query(`{
      actors(first: 2) { nodes { slug statements(first: 1, after: "${ofBusiest}") { nodes { id } } } }
    }`);
    // `statements` is non-null, so the refusal nulls the whole list (and reports the first item).
    expect(nested).toEqual({
      data: null,
      errors: [refusal(ofBusiest, ["actors", "nodes", 0, "statements"])],
    });
    const firstTwo = await server().query(`{ actors(first: 2) { nodes { slug } } }`);
    expect(JSON.stringify(firstTwo.body)).not.toContain(BUSIEST_SPEAKER_SLUG);
    const own = await server().query(
      `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { statements(first: 1, after: "${ofBusiest}") { nodes { id } } } }`,
    );
    expect(own.body.errors).toBeUndefined();
  });

  it("takes a cursor back however the same filter and order are spelled", async () => {
    const second = "syn-actor-00002";
    const { body } = await server().query(`{
      spelled: statements(first: 2, filter: { speakers: ["${BUSIEST_SPEAKER_SLUG}", "${second}"], kinds: null }, orderBy: { field: SOURCE_ORDER }) { pageInfo { endCursor } }
      plain: statements(first: 2, filter: {}) { pageInfo { endCursor } }
    }`);
    const data = body.data as { spelled: Page; plain: Page };
    const next = (filter: string, cursor: string) =>
      server().query(`{ statements(first: 2, ${filter} after: "${cursor}") { nodes { id } } }`);
    const reordered = await next(
      `filter: { speakers: ["${second}", "${BUSIEST_SPEAKER_SLUG}", "${second}"] },`,
      data.spelled.pageInfo.endCursor!,
    );
    const unspelled = await next("", data.plain.pageInfo.endCursor!);
    for (const answer of [reordered, unspelled]) {
      expect(answer.body.errors).toBeUndefined();
      expect((answer.body.data as { statements: { nodes: unknown[] } }).statements.nodes).toHaveLength(2);
    }
  });
});

describe("search postings of a common lexeme", () => {
  const lexeme = "ceasefir";
  afterAll(() => fixture.database.db.$executeRawUnsafe(`DELETE FROM "SearchTerm"`));

  /** The postings as kept, beside what they should be: every match of the lexeme, with its rank. */
  const postingsAndTruth = (db: Pick<SeededFixture["database"]["db"], "$queryRawUnsafe">) =>
    Promise.all(
      [
        `SELECT type, id, rank FROM "SearchPosting" WHERE lexeme = $1 ORDER BY type, id`,
        `SELECT type, id, rank FROM (
           SELECT 'STATEMENT' AS type, id, ts_rank(search, lexeme_query($1)) AS rank FROM "Statement" WHERE search @@ lexeme_query($1)
           UNION ALL SELECT 'EVENT', id, ts_rank(search, lexeme_query($1)) FROM "Event" WHERE search @@ lexeme_query($1)
           UNION ALL SELECT 'ACTOR', id, ts_rank(search, lexeme_query($1)) FROM "Actor" WHERE search @@ lexeme_query($1)
           UNION ALL SELECT 'TOPIC', id, ts_rank(search, lexeme_query($1)) FROM "Topic" WHERE search @@ lexeme_query($1)
           UNION ALL SELECT 'POSITION', id, ts_rank(search, lexeme_query($1)) FROM "Position" WHERE search @@ lexeme_query($1)
         ) t ORDER BY type, id`,
      ].map((sql) => db.$queryRawUnsafe<{ type: string; id: number; rank: number }[]>(sql, lexeme)),
    );

  it("page the same hits in the same order as ranking every match, and count them", async () => {
    const { queries } = fixture.database;
    const ranked = await walkSearch();
    expect(ranked.seen).toEqual(ranked.expected);
    const pageOf = async (args: string) => {
      const { body } = await server().query(
        `{ search(query: "${COMMON_TERM}", ${args}) { pageInfo { endCursor } nodes { ... on Node { id } } } }`,
      );
      expect(body.errors).toBeUndefined();
      return (body.data as { search: { pageInfo: { endCursor: string }; nodes: { id: string }[] } }).search;
    };
    const firstRanked = await pageOf("first: 40");
    expect(await keepPostings(fixture.database.db, lexeme)).toBe(true);
    const [kept = [], truth] = await postingsAndTruth(fixture.database.db);
    expect(kept.length).toBeGreaterThan(200);
    expect(kept).toEqual(truth);
    queries.length = 0;
    const paged = await walkSearch();
    expect(paged.seen).toEqual(ranked.expected);
    expect(queries.some((sql) => sql.includes(`FROM "SearchPosting" p`))).toBe(true);
    expect(queries.filter((sql) => sql.includes("ts_rank(t.search, websearch_to_tsquery"))).toEqual([]);
    const typed = await server().query(
      `{ search(query: "${COMMON_TERM}", types: [STATEMENT, TOPIC], first: 3) { totalCount edges { node { __typename } } } }`,
    );
    expect(typed.body).toEqual({
      data: {
        search: {
          totalCount: truth!.filter((posting) => ["STATEMENT", "TOPIC"].includes(posting.type)).length,
          edges: [1, 2, 3].map(() => ({ node: { __typename: "Statement" } })),
        },
      },
    });
    // A cursor the ranking gave pages on in the postings: both hold the same sort key values.
    const next = await pageOf(`first: 40, after: "${firstRanked.pageInfo.endCursor}"`);
    expect(next.nodes.map((node) => node.id)).toEqual(ranked.expected.slice(40, 80));
    // Keeping a kept word again changes nothing.
    await keepPostings(fixture.database.db, lexeme);
    expect((await postingsAndTruth(fixture.database.db))[0]).toEqual(kept);
  });

  it("are not begun while a searchable table is being written: the try gives up at once", async () => {
    const { db } = fixture.database;
    await db.$executeRawUnsafe(`DELETE FROM "SearchTerm"`);
    const writer = new pg.Client({ connectionString: fixture.database.url });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`UPDATE "Topic" SET description = description WHERE id = (SELECT min(id) FROM "Topic")`);
      expect(await keepPostings(db, lexeme)).toBe(false);
      expect(await db.searchTerm.count()).toBe(0);
    } finally {
      await writer.query("ROLLBACK");
      await writer.end();
    }
    expect(await keepPostings(db, lexeme)).toBe(true);
    expect(await db.searchTerm.findMany({ select: { lexeme: true } })).toEqual([{ lexeme }]);
  });

  it("follow the objects that come, change and go", async () => {
    const { db } = fixture.database;
    await keepPostings(db, lexeme);
    await db
      .$transaction(async (tx) => {
        const [event] = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Event" ORDER BY id LIMIT 1`);
        const postingOf = (type: string, id: number) => expect.objectContaining({ type, id });
        // Comes: a topic made with the word; an event given it.
        const topic = await tx.topic.create({
          data: { slug: "syn-test-ceasefire", name: "Ceasefire terms (synthetic test topic)" },
        });
        await tx.$executeRawUnsafe(
          `UPDATE "Event" SET description = 'A ceasefire, then another ceasefire (synthetic)' WHERE id = $1`,
          event!.id,
        );
        let [kept = [], truth] = await postingsAndTruth(tx);
        expect(kept).toEqual(truth);
        expect(kept).toContainEqual(postingOf("TOPIC", topic.id));
        expect(kept).toContainEqual(postingOf("EVENT", event!.id));
        // Changes: the event loses the word, the topic keeps it under a new name.
        await tx.$executeRawUnsafe(`UPDATE "Event" SET description = 'A truce (synthetic)' WHERE id = $1`, event!.id);
        await tx.topic.update({ where: { id: topic.id }, data: { name: "Ceasefire lines (synthetic test topic)" } });
        [kept = [], truth] = await postingsAndTruth(tx);
        expect(kept).toEqual(truth);
        expect(kept).not.toContainEqual(postingOf("EVENT", event!.id));
        expect(kept).toContainEqual(postingOf("TOPIC", topic.id));
        // Goes.
        await tx.topic.delete({ where: { id: topic.id } });
        [kept = [], truth] = await postingsAndTruth(tx);
        expect(kept).toEqual(truth);
        expect(kept).not.toContainEqual(postingOf("TOPIC", topic.id));
        // Goes all at once.
        await tx.topic.create({
          data: { slug: "syn-test-ceasefire-2", name: "Ceasefire again (synthetic test topic)" },
        });
        await tx.$executeRawUnsafe(`TRUNCATE "Topic" CASCADE`);
        [kept = [], truth] = await postingsAndTruth(tx);
        expect(kept).toEqual(truth);
        expect(kept.filter((posting) => posting.type === "TOPIC")).toEqual([]);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    const [kept = [], truth] = await postingsAndTruth(db);
    expect(kept).toEqual(truth);
  });
});

describe("counts and per-parent pages", () => {
  it("counts only when totalCount is selected, and counts the whole list", async () => {
    const { queries } = fixture.database;
    queries.length = 0;
    const without = await server().query(`{ statements(first: 1) { nodes { id } } }`);
    expect(without.body.errors).toBeUndefined();
    expect(queries).toHaveLength(1);
    expect(queries[0]).not.toMatch(/count\(/);

    queries.length = 0;
    const withCount = await server().query(
      `{ statements(first: 1) { a: totalCount b: totalCount nodes { id } } other: statements(first: 2) { totalCount } }`,
    );
    expect(withCount.body).toEqual({
      data: { statements: { a: 5000, b: 5000, nodes: [expect.any(Object)] }, other: { totalCount: 5000 } },
    });
    // One count for the list, however many aliases and pages of it ask.
    expect(queries.filter((sql) => /count\(/.test(sql))).toHaveLength(1);
  });

  it("reads each parent's first page in one statement, whatever the number of parents", async () => {
    const expected = await fixture.database.db.$queryRawUnsafe<{ event: number; id: number }[]>(
      `SELECT e.id AS event, x.id FROM (SELECT id FROM "Event" ORDER BY "startsAt", id LIMIT 30) e
       CROSS JOIN LATERAL (
         SELECT s.id, s."sourceId", s.start FROM "Statement" s WHERE s.id IN (SELECT event_statement_ids(e.id))
         ORDER BY s."sourceId", s.start, s.id LIMIT 3) x
       ORDER BY e.id, x."sourceId", x.start, x.id`,
    );
    const { queries } = fixture.database;
    queries.length = 0;
    const { body } = await server().query(
      `{ events(first: 30) { nodes { id statements(first: 3) { totalCount nodes { id } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    // The events page, with each event's statement page and count, in one statement.
    expect(queries).toHaveLength(1);
    const events = (
      body.data as { events: { nodes: { id: string; statements: { totalCount: number; nodes: { id: string }[] } }[] } }
    ).events.nodes;
    expect(events).toHaveLength(30);
    const byEvent = new Map<string, string[]>();
    for (const row of expected) {
      const key = toGlobalId("Event", Number(row.event));
      byEvent.set(key, [...(byEvent.get(key) ?? []), toGlobalId("Statement", Number(row.id))]);
    }
    for (const event of events) {
      expect(event.statements.nodes.map((node) => node.id)).toEqual(byEvent.get(event.id) ?? []);
      expect(event.statements.totalCount).toBeGreaterThanOrEqual(event.statements.nodes.length);
    }
    expect(events.find((event) => event.statements.nodes.length === 3)).toBeDefined();
  });

  it("shapes the hot event as the benchmarks expect", async () => {
    const { body } = await server().query(
      `{ event(slug: "${HOT_EVENT_SLUG}") { participants { role } statements { totalCount } positions { totalCount } } }`,
    );
    expect(body).toEqual({
      data: {
        event: {
          participants: [
            { role: "PRINCIPAL" },
            { role: "PRINCIPAL" },
            { role: "PARTICIPANT" },
            { role: "PARTICIPANT" },
            { role: "PARTICIPANT" },
            { role: "PARTICIPANT" },
          ],
          statements: { totalCount: 25 },
          positions: { totalCount: 6 },
        },
      },
    });
  });
});

describe("bulk export past one batch", () => {
  const origin = () => new URL(fixture.server.url).origin;

  it("streams every statement in source order, 500 at a time", async () => {
    const expected = await expectedIds("Statement", `SELECT id FROM "Statement" ORDER BY "sourceId", start, id`);
    const response = await fetch(`${origin()}/export/statements.ndjson`);
    expect(response.status).toBe(200);
    const lines = (await response.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(5000);
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(expected);
  });

  it("filters by speaker across batches, in CSV", async () => {
    const expected = await expectedIds(
      "Statement",
      `SELECT s.id FROM "Statement" s JOIN "Actor" a ON a.id = s."speakerId" WHERE a.slug = $1 ORDER BY s."sourceId", s.start, s.id`,
      BUSIEST_SPEAKER_SLUG,
    );
    expect(expected.length).toBeGreaterThan(500);
    const response = await fetch(`${origin()}/export/statements.csv?speaker=${BUSIEST_SPEAKER_SLUG}`);
    expect(response.status).toBe(200);
    const [header, ...rows] = (await response.text()).trimEnd().split("\r\n");
    expect(header!.split(",")[0]).toBe("id");
    // Synthetic text holds no commas or quotes, so the first field ends at the first comma.
    expect(rows.map((row) => row.split(",")[0])).toEqual(expected);
  });
});
