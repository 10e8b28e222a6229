import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { encodeCursor, listFingerprint } from "../../src/common/keyset";
import type { Db } from "../../src/db/client";
import { connectionSettings, createDb } from "../../src/db/client";
import { BUSIEST_SPEAKER_SLUG, COMMON_TERM, HOT_EVENT_SLUG, loadCorpus, RARE_TERM } from "../../src/corpus/corpus";
import type { DraftBundle } from "../../src/extract/draft";
import { matchStoredActors } from "../../src/extract/match";
import { keepPostings } from "../../src/modules/search/search.service";
import { statementList } from "../../src/modules/statement/statement.service";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

/**
 * Every query a client can send repeatedly, run on the medium synthetic corpus; each SQL
 * statement it sends is explained with its parameters, and none may scan a large table from
 * end to end. Counting a whole unfiltered list (`statements { totalCount }`) is left out: that
 * reads the list by nature.
 */
const LARGE_TABLES = new Set([
  "Statement",
  "StatementTopic",
  "StatementEvent",
  "Position",
  "PositionEvidence",
  "Actor",
  "Person",
  "Role",
  "Event",
  "EventParticipant",
  "Source",
]);

const SUMMIT_CONTEXT = readFileSync(path.join(__dirname, "../fixtures/summit-context.graphql"), "utf8");
const FAN_OUT = `{ events(first: 50) { nodes { participants { actor { statements(first: 5) { nodes { text topics { slug } } } } } } } }`;

let database: TestDatabase;
let db: Db;
let server: TestServer;
let explainer: pg.Client;
const executed: { sql: string; params: unknown[] }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await loadCorpus(database.url, "medium");
  db = createDb(database.url, { onQuery: (sql, params) => executed.push({ sql, params }) });
  server = await startTestServer(db);
  explainer = new pg.Client(connectionSettings(database.url));
  await explainer.connect();
}, 120_000);
afterAll(async () => {
  await explainer?.end();
  await server?.stop();
  await db?.$disconnect();
  await database?.drop();
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode, found: PlanNode[] = []): PlanNode[] {
  found.push(node);
  for (const child of node.Plans ?? []) planNodes(child, found);
  return found;
}

function scans(node: PlanNode, found: string[] = []): string[] {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) found.push(node["Relation Name"]);
  for (const child of node.Plans ?? []) scans(child, found);
  return found;
}

/**
 * What a request read: its queries, not the writes a search may start in the background (keeping
 * a common word's postings), which can land while another request is measured.
 */
const reads = () => executed.filter(({ sql }) => /^\s*(SELECT|WITH)\b/i.test(sql));

/** The plans of the SQL statements a GraphQL request sends, with their parameters. */
async function plansOf(query: string): Promise<PlanNode[]> {
  executed.length = 0;
  const { body } = await server.query(query);
  expect(body.errors).toBeUndefined();
  const plans: PlanNode[] = [];
  for (const { sql, params } of reads()) {
    const { rows } = await explainer.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    plans.push(rows[0]!["QUERY PLAN"][0].Plan);
  }
  return plans;
}

/** The large tables each SQL statement of a GraphQL request scans sequentially. */
async function sequentialScans(query: string, variables?: Record<string, unknown>): Promise<string[]> {
  executed.length = 0;
  const { body } = await server.query(query, variables);
  expect(body.errors).toBeUndefined();
  expect(executed.length).toBeGreaterThan(0);
  const found: string[] = [];
  for (const { sql, params } of reads()) {
    const { rows } = await explainer.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    for (const table of scans(rows[0]!["QUERY PLAN"][0].Plan)) {
      if (LARGE_TABLES.has(table)) found.push(`${table} in: ${sql.replace(/\s+/g, " ").slice(0, 160)}`);
    }
  }
  return found;
}

const deepCursor = async () => {
  const [row] = await db.$queryRaw<{ sourceId: number; start: number; id: number }[]>`
    SELECT "sourceId", start, id FROM "Statement" ORDER BY "sourceId", start, id OFFSET 25000 LIMIT 1`;
  const list = statementList();
  return encodeCursor(list.scope, listFingerprint(list.identity), [
    String(row!.sourceId),
    String(row!.start),
    String(row!.id),
  ]);
};

const someSlugs = async (table: string, count: number) =>
  (await db.$queryRawUnsafe<{ slug: string }[]>(`SELECT slug FROM "${table}" ORDER BY id LIMIT ${count}`)).map(
    (row) => row.slug,
  );

describe("query plans on the medium corpus", () => {
  it("read root lists, in every order, with an index: first pages, deep pages, last pages", async () => {
    const deep = await deepCursor();
    const queries = [
      `{ statements(first: 20) { nodes { id } } }`,
      `{ statements(first: 20, after: "${deep}") { nodes { id } } }`,
      `{ statements(last: 20) { nodes { id } } }`,
      `{ statements(first: 20, orderBy: { field: SAID_AT }) { nodes { id } } }`,
      `{ statements(first: 20, orderBy: { field: SAID_AT, direction: DESC }) { nodes { id } } }`,
      `{ statements(first: 20, filter: { speakers: ["${BUSIEST_SPEAKER_SLUG}"] }) { nodes { id } } }`,
      `{ actors(first: 20) { nodes { id } } people(first: 20) { nodes { id } } }`,
      `{ actors(first: 20, orderBy: { field: STATEMENT_COUNT, direction: DESC }) { nodes { id } } }`,
      `{ actors(first: 20, orderBy: { field: STATEMENT_COUNT }) { nodes { id } } }`,
      `{ positions(first: 20) { nodes { id } } }`,
      `{ positions(first: 20, orderBy: { field: HOLDER_NAME }) { nodes { id } } }`,
      `{ events(first: 20) { nodes { id } } }`,
      `{ events(last: 20, orderBy: { field: TITLE, direction: DESC }) { nodes { id } } }`,
      `{ topics(first: 20) { nodes { id } } sources(first: 20) { nodes { id } } }`,
    ];
    for (const query of queries) expect({ query, scans: await sequentialScans(query) }).toEqual({ query, scans: [] });
  });

  it("seek past a cursor inside the index, not by filtering what it reads", async () => {
    const deep = await deepCursor();
    const [plan] = await plansOf(`{ statements(first: 20, after: "${deep}") { nodes { id } } }`);
    const seeks = planNodes(plan!).filter(
      (node) => node["Relation Name"] === "Statement" && /Index/.test(node["Node Type"]),
    );
    expect(seeks).toHaveLength(1);
    // The row comparison on the sort key is the index scan's start: ("sourceId", start, id) > (…).
    expect(seeks[0]!["Index Cond"]).toMatch(/ROW\("sourceId", start, id\) > ROW\(/);
  });

  it("read a topic's statements and an actor's events in index order, sorting none of the parent's links", async () => {
    const [topic] = await someSlugs("Topic", 1);
    for (const [query, index] of [
      [
        `{ topic(slug: "${topic}") { statements(first: 20) { nodes { id } } } }`,
        "StatementTopic_topic_reading_order_idx",
      ],
      [
        `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { events(first: 20) { nodes { id } } } }`,
        "EventParticipant_actor_starts_idx",
      ],
    ] as const) {
      const nodes = (await plansOf(query)).flatMap((plan) => planNodes(plan));
      expect({ query, sorts: nodes.filter((node) => node["Node Type"] === "Sort").length }).toEqual({
        query,
        sorts: 0,
      });
      expect(nodes.map((node) => node["Index Name"])).toContain(index);
    }
  });

  it("page a common word's search through its postings, deep pages by a seek in the index", async () => {
    await keepPostings(db, "ceasefir");
    try {
      const { body } = await server.query(`{ search(query: "${COMMON_TERM}", first: 100) { pageInfo { endCursor } } }`);
      const cursor = (body.data as { search: { pageInfo: { endCursor: string } } }).search.pageInfo.endCursor;
      const query = `{ search(query: "${COMMON_TERM}", first: 20, after: "${cursor}") { totalCount edges { snippet } } }`;
      expect({ query, scans: await sequentialScans(query) }).toEqual({ query, scans: [] });
      const seeks = (await plansOf(query))
        .flatMap((plan) => planNodes(plan))
        .filter((node) => node["Index Name"] === "SearchPosting_page_order_idx");
      // The page seeks; the count reads the word's range.
      expect(seeks.map((node) => node["Index Cond"]).sort()).toEqual([
        expect.stringMatching(/^\(\(lexeme = 'ceasefir'::text\) AND .*\(ROW\(\(- rank\), type, id\) > ROW\(/),
        "(lexeme = 'ceasefir'::text)",
      ]);
    } finally {
      await db.$executeRawUnsafe(`DELETE FROM "SearchTerm"`);
    }
  });

  it("match a draft's actors to stored ones by slug, name or any other name through indexes", async () => {
    // An actor whose name no other has, and the busiest speaker, whose slug a draft actor takes.
    const { rows: picked } = await explainer.query<{ slug: string; name: string; kind: string }>(
      `SELECT slug, name, kind FROM "Actor" WHERE name = (SELECT name FROM "Actor" GROUP BY name HAVING count(*) = 1 AND min(slug) <> $1 ORDER BY min(id) LIMIT 1)
       UNION ALL SELECT slug, name, kind FROM "Actor" WHERE slug = $1`,
      [BUSIEST_SPEAKER_SLUG],
    );
    const [stored, busiest] = picked;
    const person = (slug: string, name: string, names: string[]) => ({
      slug,
      kind: "PERSON" as const,
      name,
      names,
      person: {},
    });
    const draft: DraftBundle = {
      format: "news-context-bundle",
      version: 1,
      source: { slug: "fictional-plan-source", title: "Fictional", text: "FICTIONAL.", language: "en" },
      // One by name (upper-cased), one by another name, one by slug, one matching nothing.
      actors: [
        person("fictional-plan-a", stored!.name.toUpperCase(), []),
        person("fictional-plan-b", "Nobody Fictional", [stored!.name]),
        person(BUSIEST_SPEAKER_SLUG, "Another Fictional", []),
        person("fictional-plan-d", "Fictional Nobody", ["F. Nobody"]),
      ],
      roles: [],
      statements: [],
      review: [],
    };
    executed.length = 0;
    const matched = await matchStoredActors(db, draft);
    const described = (a: typeof stored) => `"${a!.slug}" (${a!.name}, ${a!.kind})`;
    expect(matched.review).toEqual([
      {
        path: "actors[0]",
        flag: "MATCHED_ACTOR",
        message: `matched to the stored actor ${described(stored)} by name, confidence 0.9; the draft proposed "fictional-plan-a": check it is the same`,
      },
      {
        path: "actors[1]",
        flag: "MATCHED_ACTOR",
        message: `matches the stored actor ${described(stored)} by the name "${stored!.name}" they share, confidence 0.8, but actors[0] has that slug already: not matched; merge the two, or keep "fictional-plan-b"`,
      },
      {
        path: "actors[2]",
        flag: "MATCHED_ACTOR",
        message: `the stored actor ${described(busiest)} has this slug but no name in common: imported, this actor would join it; give this actor another slug unless it is the same`,
      },
    ]);
    const found: string[] = [];
    const indexes = new Set<string>();
    expect(reads().length).toBe(2);
    for (const { sql, params } of reads()) {
      const { rows } = await explainer.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params,
      );
      const plan = rows[0]!["QUERY PLAN"][0].Plan;
      for (const table of scans(plan)) if (LARGE_TABLES.has(table)) found.push(table);
      for (const node of planNodes(plan)) if (node["Index Name"]) indexes.add(node["Index Name"]);
    }
    expect(found).toEqual([]);
    expect([...indexes].filter((name) => name.startsWith("Actor_")).sort()).toEqual([
      "Actor_nameKeys_idx",
      "Actor_pkey",
      "Actor_slug_key",
    ]);
  });

  it("read nested lists, timelines, search and the stance matrix with an index", async () => {
    const [topic] = await someSlugs("Topic", 1);
    const [source] = await someSlugs("Source", 1);
    const topics = await someSlugs("Topic", 5);
    // A matrix's rows default to every holder of a position on its topics (thousands on the large
    // corpus): both that form and explicit rows are read through indexes.
    const actors = await someSlugs("Actor", 5);
    const queries = [
      `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { statements(first: 20) { totalCount nodes { id } } positions(first: 20) { totalCount nodes { id } } events(first: 20) { nodes { id } } } }`,
      `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { timeline(first: 20) { nodes { at } } } }`,
      `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { timeline(last: 20) { nodes { at item { __typename } } } } }`,
      `{ topic(slug: "${topic}") { statements(first: 20) { totalCount nodes { id } } positions(first: 20) { nodes { id } } } }`,
      `{ source(id: "${Buffer.from(`Source:1`).toString("base64url")}") { id } }`,
      `{ sources(first: 1) { nodes { slug statements(first: 20) { totalCount nodes { id positions { nodes { id } } aboutEvents { nodes { id } } } } } } }`,
      `{ positions(first: 20) { nodes { evidence(first: 3) { totalCount nodes { id } } } } }`,
      `{ event(slug: "${HOT_EVENT_SLUG}") { timeline(first: 20) { nodes { at } } } }`,
      `{ search(query: "${COMMON_TERM}", first: 20) { totalCount edges { snippet } } }`,
      `{ search(query: "${RARE_TERM}", first: 20) { edges { snippet } } }`,
      `{ stanceMatrix(topics: ${JSON.stringify(topics)}, actors: ${JSON.stringify(actors)}) { rows { cells { stance } } } }`,
      `{ stanceMatrix(topics: ${JSON.stringify(topics)}) { rows { actor { slug } cells { stance } } } }`,
      FAN_OUT,
    ];
    expect(source).toBeDefined();
    for (const query of queries) expect({ query, scans: await sequentialScans(query) }).toEqual({ query, scans: [] });
    expect({ query: "summit", scans: await sequentialScans(SUMMIT_CONTEXT, { slug: HOT_EVENT_SLUG }) }).toEqual({
      query: "summit",
      scans: [],
    });
  });
});
