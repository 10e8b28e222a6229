import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../src/db/client";
import { createDb } from "../../src/db/client";
import { BUSIEST_SPEAKER_SLUG, HOT_EVENT_SLUG, loadCorpus } from "../../src/corpus/corpus";
import { seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

/**
 * The selection compiler must answer exactly what the resolvers answer. Two servers over one
 * database, one compiling root fields into SQL and one resolving field by field, get the same
 * queries: their answers must be equal, data and errors, and the compiled one must send one
 * statement per root field.
 */
const SUMMIT_CONTEXT = readFileSync(path.join(__dirname, "../fixtures/summit-context.graphql"), "utf8");

let database: TestDatabase;
const clients: Db[] = [];
let compiled: TestServer;
let resolved: TestServer;
const compiledQueries: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDefault(database.db);
  await loadCorpus(database.url, "small");
  const counting = createDb(database.url, { onQuery: (sql) => compiledQueries.push(sql) });
  const plain = createDb(database.url);
  clients.push(counting, plain);
  // Some queries here price above the default 1,000 points: their answers are what is compared.
  compiled = await startTestServer(counting, { limits: { maxCost: 100_000 } });
  resolved = await startTestServer(plain, { compileSelections: false, limits: { maxCost: 100_000 } });
}, 120_000);
afterAll(async () => {
  await compiled?.stop();
  await resolved?.stop();
  for (const client of clients) await client.$disconnect();
  await database?.drop();
});

/**
 * `statements`: one per root field (and, where a root list is asked for twice, one count for
 * both). `direct`: whether the answer is served as PostgreSQL wrote it (src/direct.ts), as every
 * query whose root fields are all compiled is, but for a list asked for twice.
 */
async function expectSameAnswer(
  query: string,
  variables?: Record<string, unknown>,
  { statements = 1, direct = true }: { statements?: number; direct?: boolean } = {},
) {
  const expected = await resolved.query(query, variables);
  compiledQueries.length = 0;
  const actual = await compiled.query(query, variables);
  expect(actual.body).toEqual(expected.body);
  // Keys in the order the query asks for them, as graphql-js writes them.
  expect(JSON.stringify(actual.body)).toBe(JSON.stringify(expected.body));
  expect(expected.body.errors).toBeUndefined();
  expect(compiledQueries).toHaveLength(statements);
  const answers = compiledQueries.filter((sql) => /\bAS r\b/.test(sql));
  const asText = answers.filter((sql) => /^SELECT \(.*\)::text AS r\b/s.test(sql));
  expect(answers.length).toBeGreaterThan(0);
  expect(asText).toHaveLength(direct ? answers.length : 0);
}

describe("compiled answers equal resolved answers", () => {
  it("for the summit query, on the seed and on the synthetic hot event", async () => {
    await expectSameAnswer(SUMMIT_CONTEXT, { slug: "anchorage-summit-2025" });
    await expectSameAnswer(SUMMIT_CONTEXT, { slug: HOT_EVENT_SLUG });
  });

  it("for people with their roles, offices' organizations, provenance and nested pages", async () => {
    await expectSameAnswer(
      `{
      people(first: 10) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node {
          id slug name kind description givenName familyName
          roles { title startDate endDate spanBasis note organization { __typename id name } provenance { start end exact prefix suffix source { id slug } } }
          statements(last: 3) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id text saidAt timePrecision aboutEvents { nodes { slug startsAt } } positions { nodes { id } } } }
          positions(first: 2) { nodes { stance conditions asOf asOfBasis topic { name } } }
          events { nodes { slug location { name coordinates { latitude longitude basis } } parent { slug } } }
        } }
      }
    }`,
      undefined,
      { statements: 1 },
    );
  });

  it("for fragments on interfaces, aliases, @include and @skip, and __typename", async () => {
    await expectSameAnswer(
      `query ($withRoles: Boolean!, $noText: Boolean!) {
        a: actor(slug: "donald-trump") {
          __typename
          ...Named
          ... on Person { roles @include(if: $withRoles) { title } familyName }
          ... on CollectiveActor { kind }
          firstTwo: statements(first: 2) { nodes { ...Said } }
          lastTwo: statements(last: 2) { edges { cursor node { ...Said } } }
        }
      }
      fragment Named on Actor { id name ... on Node { id } }
      fragment Said on Statement { kind text @skip(if: $noText) speaker { __typename ...Named } }`,
      { withRoles: true, noText: true },
    );
    await expectSameAnswer(
      `{ b: actor(slug: "european-leaders") { __typename ...on CollectiveActor { id kind name } } }`,
    );
    // __typename at every level, the root's too, in the client's key order.
    await expectSameAnswer(
      `{ __typename first: topics(first: 2) { __typename edges { __typename cursor node { slug __typename } } pageInfo { hasNextPage __typename } } e: event(slug: "anchorage-summit-2025") { slug __typename participants { __typename actor { __typename ... on Node { __typename id } } } } }`,
      undefined,
      { statements: 2 },
    );
    // Aliases that look like the compiler's own keys are the client's to use.
    await expectSameAnswer(
      `{ actor(slug: "donald-trump") { typename: name __typename ... on Person { id } } statements(first: 2) { nodes { typename: text speaker { typename: slug __typename } } } }`,
      undefined,
      { statements: 2 },
    );
  });

  it("for every root list in every order, filtered, and the single objects", async () => {
    // [query, statements, direct]: filter slugs are looked up apart; a list asked for twice is
    // counted apart, once for both aliases, so it is not answered directly.
    const queries: [string, number, boolean?][] = [
      [
        `{ events(orderBy: { field: TITLE, direction: DESC }, first: 30) { nodes { id title subEvents { slug } participants { role actor { name } } } } }`,
        1,
      ],
      [
        `{ events(filter: { kinds: [SUMMIT, MEETING] }, last: 7) { totalCount pageInfo { hasPreviousPage startCursor } nodes { slug } } }`,
        1,
      ],
      [`{ actors(orderBy: { field: STATEMENT_COUNT, direction: DESC }, first: 25) { nodes { __typename slug } } }`, 1],
      [
        `{ statements(orderBy: { field: SAID_AT }, filter: { speakers: ["${BUSIEST_SPEAKER_SLUG}"] }, first: 40) { edges { cursor node { id saidAt occasion { slug } topics { slug } } } } }`,
        2,
      ],
      [
        `{ positions(orderBy: { field: HOLDER_NAME, direction: DESC }, first: 30) { nodes { summary conditions holder { slug } evidence(first: 1) { totalCount nodes { provenance { exact } } } } } }`,
        1,
      ],
      [
        `{ topics(first: 5) { nodes { slug statements(first: 3) { totalCount nodes { id } } positions(last: 2) { nodes { id } } } } }`,
        1,
      ],
      [
        `{ sources(first: 3) { totalCount nodes { id slug title publishedOn publishedOnBasis textLength sha256 statements(first: 2) { nodes { id } } } } }`,
        1,
      ],
      [
        `{ topic(slug: "territorial-exchange") { name positions { nodes { holder { name } stance summary evidence { nodes { kind text verb provenance { exact } } } } } } }`,
        1,
      ],
      [
        `{ person(slug: "donald-trump") { name roles { title organization { name } startDate spanBasis provenance { exact } } } }`,
        1,
      ],
      [`{ a: statements(first: 1) { totalCount } b: statements(first: 2) { totalCount nodes { id } } }`, 2, false],
      [`{ statement(id: "U3RhdGVtZW50OjE") { id text provenance { source { id title } } } }`, 1],
      [`{ source(id: "U291cmNlOjE") { slug dateline language note } }`, 1],
    ];
    for (const [query, statements, direct = true] of queries) {
      await expectSameAnswer(query, undefined, { statements, direct });
    }
  });

  it("for timelines, their items read whole or by id alone", async () => {
    await expectSameAnswer(
      `{ actor(slug: "${BUSIEST_SPEAKER_SLUG}") { timeline(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { at timeZone timePrecision dating item { __typename ... on Node { id } } } } } } }`,
    );
    await expectSameAnswer(
      `{ event(slug: "${HOT_EVENT_SLUG}") { timeline(last: 30) { pageInfo { hasPreviousPage startCursor } nodes { at dating item { __typename ... on Event { slug startsAt } ... on Statement { text speaker { slug } } ... on Position { stance holder { slug } } } } } } }`,
    );
    await expectSameAnswer(
      `{ event(slug: "anchorage-summit-2025") { timeline { nodes { at timePrecision dating item { ... on Statement { kind provenance { exact } } ... on Event { title location { name } } } } } } }`,
    );
  });

  it("for the fan-out query", async () => {
    await expectSameAnswer(
      `{ events(first: 50) { nodes { participants { actor { statements(first: 5) { nodes { text topics { slug } } } } } } } }`,
    );
  });

  it("for errors: an unknown slug is NOT_FOUND, a bad page size or a stranger's cursor refused where it stands", async () => {
    for (const query of [
      `{ event(slug: "no-such-event") { slug } }`,
      `{ person(slug: "european-leaders") { slug } }`,
      `{ events(first: 1) { nodes { statements(first: 0) { nodes { id } } } } }`,
      `{ statements(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { id } } }`,
    ]) {
      const expected = await resolved.query(query);
      const actual = await compiled.query(query);
      expect(expected.body.errors).toHaveLength(1);
      expect(actual.body).toEqual(expected.body);
    }
  });
});
