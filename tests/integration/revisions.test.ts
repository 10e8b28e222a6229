import { readFileSync } from "node:fs";
import type { Db } from "../../src/db/client";
import { createDb } from "../../src/db/client";
import { toGlobalId } from "../../src/common/global-id";
import { ingestBundle } from "../../src/ingest/ingest";
import { snapshot } from "../../src/ingest/revisions";
import { DEFAULT_BUNDLE_FILE, seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

/**
 * Revision history through the API: the seed's import, then two edits of one statement's text
 * and the deletion of another statement, each its own revision, read back over real HTTP from
 * a server that compiles root fields into SQL and one that resolves field by field.
 */

interface BundleStatement {
  key: string;
  text?: string;
}
type Bundle = { statements: BundleStatement[] } & Record<string, unknown>;

const EDITED = "leavitt-joint-press-conference";
const DELETED = "trump-smart-guy";
const FIRST_TEXT = "A joint press conference will follow the summit to discuss its outcomes.";
const SECOND_TEXT = "After the summit, a joint press conference will discuss what the meeting achieved.";
const AUTHOR = { apiKeyId: null, name: "test", operation: "test" };

let database: TestDatabase;
let plain: Db;
/** Statements the compiling server sent. */
const compiledQueries: string[] = [];
let resolved: TestServer;
let compiled: TestServer;
/** Global IDs of the four revisions, oldest first: seed, first edit, second edit, deletion. */
let revisions: string[];
let editedId: string;
let deletedId: string;
let deletedRow: Record<string, unknown>;
let originalText: string;

function bundleWith(change: (statements: BundleStatement[]) => BundleStatement[]): Bundle {
  const bundle = JSON.parse(readFileSync(DEFAULT_BUNDLE_FILE, "utf8")) as Bundle;
  return { ...bundle, statements: change(bundle.statements) };
}

const withText = (text: string) => (statements: BundleStatement[]) =>
  statements.map((s) => (s.key === EDITED ? { ...s, text } : s));

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDefault(database.db);
  const { db } = database;
  const edited = await db.statement.findFirstOrThrow({ where: { key: EDITED } });
  const { topics, about, ...deleted } = await db.statement.findFirstOrThrow({
    where: { key: DELETED },
    include: { topics: { select: { topicId: true } }, about: { select: { eventId: true } } },
  });
  editedId = toGlobalId("Statement", edited.id);
  deletedId = toGlobalId("Statement", deleted.id);
  // An import records a deleted statement as a curator's delete does: with its links.
  deletedRow = {
    ...snapshot("Statement", deleted),
    topics: topics.map((t) => t.topicId).sort((a, b) => a - b),
    about: about.map((e) => e.eventId).sort((a, b) => a - b),
  };
  originalText = edited.text;
  await ingestBundle(db, bundleWith(withText(FIRST_TEXT)), { author: AUTHOR });
  await ingestBundle(db, bundleWith(withText(SECOND_TEXT)), { author: AUTHOR });
  await ingestBundle(
    db,
    bundleWith((statements) => withText(SECOND_TEXT)(statements).filter((s) => s.key !== DELETED)),
    { author: AUTHOR },
  );
  revisions = (await db.revision.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((r) =>
    toGlobalId("Revision", r.id),
  );
  // The resolving server reads through the counting client: its statements are what is counted.
  plain = createDb(database.url, { onQuery: (sql) => compiledQueries.push(sql) });
  resolved = await startTestServer(db, { compileSelections: false, limits: { maxCost: 100_000 } });
  compiled = await startTestServer(plain, { limits: { maxCost: 100_000 } });
}, 120_000);

afterAll(async () => {
  await resolved?.stop();
  await compiled?.stop();
  await plain?.$disconnect();
  await database?.drop();
});

/** The answer of both servers, which must agree. */
async function both(query: string, variables?: Record<string, unknown>) {
  const expected = await resolved.query(query, variables);
  const actual = await compiled.query(query, variables);
  expect(actual.body).toEqual(expected.body);
  return expected.body;
}

test("there are four revisions: the seed, two edits and a deletion", () => {
  expect(revisions).toHaveLength(4);
});

test("a statement's revisions page newest first, with their version and authors", async () => {
  const query = `query ($id: ID!, $after: String) {
    statement(id: $id) {
      text
      version
      revisions(first: 2, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        nodes { id author operation reason keyPrefix sourceSlug }
      }
    }
  }`;
  const first = await both(query, { id: editedId });
  const page = (first.data as { statement: { revisions: { pageInfo: { endCursor: string } } } }).statement.revisions;
  const revision = (index: number, author: string) => ({
    id: revisions[index],
    author,
    operation: author,
    reason: null,
    keyPrefix: null,
    sourceSlug: "anchorage-summit-article",
  });
  expect(first).toEqual({
    data: {
      statement: {
        text: SECOND_TEXT,
        version: 3,
        revisions: {
          totalCount: 3,
          pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: page.pageInfo.endCursor },
          nodes: [revision(2, "test"), revision(1, "test")],
        },
      },
    },
  });
  // The cursor is the resolvers' own: the compiled answer to `after` is left to them.
  const second = await both(query, { id: editedId, after: page.pageInfo.endCursor });
  expect(second).toEqual({
    data: {
      statement: {
        text: SECOND_TEXT,
        version: 3,
        revisions: {
          totalCount: 3,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: true,
            endCursor: (
              second.data as typeof first.data & { statement: { revisions: { pageInfo: { endCursor: string } } } }
            ).statement.revisions.pageInfo.endCursor,
          },
          nodes: [revision(0, "seed")],
        },
      },
    },
  });
});

test("a revision's changes show each field before and after", async () => {
  const body = await resolved.query(
    `query ($id: ID!) {
      revision(id: $id) {
        id
        author
        changes {
          totalCount
          nodes { entityType entityId action version fields { field before after } entity { id version } }
        }
      }
    }`,
    { id: revisions[2] },
  );
  expect(body.body).toEqual({
    data: {
      revision: {
        id: revisions[2],
        author: "test",
        changes: {
          totalCount: 1,
          nodes: [
            {
              entityType: "Statement",
              entityId: editedId,
              action: "UPDATE",
              version: 3,
              fields: [{ field: "text", before: FIRST_TEXT, after: SECOND_TEXT }],
              entity: { id: editedId, version: 3 },
            },
          ],
        },
      },
    },
  });
});

test("the seed's revision created the statement with every field", async () => {
  const body = await resolved.query(
    `query ($id: ID!) {
      statement(id: $id) {
        revisions(last: 1) { nodes { changes(first: 100) { nodes { entityId action version fields { field before after } } } } }
      }
    }`,
    { id: editedId },
  );
  const changes = (
    body.body.data as {
      statement: {
        revisions: { nodes: { changes: { nodes: { entityId: string; fields: { field: string }[] }[] } }[] };
      };
    }
  ).statement.revisions.nodes[0]!.changes.nodes;
  const created = changes.find((change) => change.entityId === editedId);
  const text = { field: "text", before: null, after: originalText };
  expect(created).toEqual({ entityId: editedId, action: "CREATE", version: 1, fields: expect.arrayContaining([text]) });
  // The row's columns, and its topics and the events it is about, by slug.
  expect(created!.fields.map((f) => f.field)).toEqual([
    "about",
    "end",
    "exact",
    "id",
    "key",
    "kind",
    "occasionId",
    "prefix",
    "saidAt",
    "sourceId",
    "speakerId",
    "start",
    "suffix",
    "text",
    "timeBasis",
    "timePrecision",
    "timeText",
    "timeZone",
    "topics",
    "verb",
  ]);
});

test("a deleted statement has a tombstone with its last state", async () => {
  const body = await both(
    `query ($id: ID!) {
      tombstone(id: $id) { entityType entityId deletedAt deletedIn { id author } lastState }
    }`,
    { id: deletedId },
  );
  const deletedIn = await database.db.revision.findFirstOrThrow({ orderBy: { id: "desc" } });
  expect(body).toEqual({
    data: {
      tombstone: {
        entityType: "Statement",
        entityId: deletedId,
        deletedAt: deletedIn.at.toISOString(),
        deletedIn: { id: revisions[3], author: "test" },
        lastState: deletedRow,
      },
    },
  });
});

test("a live or unknown object has no tombstone", async () => {
  const body = await both(
    `query ($a: ID!, $b: ID!) { live: tombstone(id: $a) { entityId } none: tombstone(id: $b) { entityId } }`,
    {
      a: editedId,
      b: toGlobalId("Statement", 999_999),
    },
  );
  expect(body).toEqual({ data: { live: null, none: null } });
});

test.each(["node", "statement"])(
  "%s(id:) of a deleted statement says NOT_FOUND and which revision deleted it",
  async (field) => {
    const body = await both(`query ($id: ID!) { ${field}(id: $id) { id } }`, { id: deletedId });
    expect(body).toEqual({
      data: { [field]: null },
      errors: [
        {
          message: `No Statement has id "${deletedId}": it was deleted by revision "${revisions[3]}".`,
          locations: [{ line: 1, column: 20 }],
          path: [field],
          extensions: { code: "NOT_FOUND", typeName: "Statement", deletedIn: revisions[3] },
        },
      ],
    });
  },
);

test("an ID that never named an object is NOT_FOUND without deletedIn", async () => {
  const id = toGlobalId("Statement", 999_999);
  const body = await both(`query ($id: ID!) { node(id: $id) { id } }`, { id });
  expect(body).toEqual({
    data: { node: null },
    errors: [
      {
        message: `No Statement has id "${id}".`,
        locations: [{ line: 1, column: 20 }],
        path: ["node"],
        extensions: { code: "NOT_FOUND", typeName: "Statement" },
      },
    ],
  });
});

test("revisions and roles are nodes too", async () => {
  const role = await database.db.role.findFirstOrThrow({ orderBy: { id: "asc" } });
  const roleId = toGlobalId("Role", role.id);
  const body = await both(
    `query ($revision: ID!, $role: ID!) {
      revision: node(id: $revision) { id ... on Revision { author operation } }
      role: node(id: $role) { id ... on Role { title version revisions { totalCount } } }
    }`,
    { revision: revisions[0], role: roleId },
  );
  expect(body).toEqual({
    data: {
      revision: { id: revisions[0], author: "seed", operation: "seed" },
      role: { id: roleId, title: role.title, version: 1, revisions: { totalCount: 1 } },
    },
  });
});

const LIST = `{
  statements(first: 50) {
    nodes { id version revisions(first: 2) { totalCount nodes { id author } } }
  }
  people { nodes { slug version revisions { nodes { id } } roles { id version } } }
}`;

test("version and revisions read the same compiled or resolved", async () => {
  compiledQueries.length = 0;
  const body = await both(LIST);
  // Compiled: one statement per root field.
  expect(compiledQueries).toHaveLength(2);
  const nodes = (body.data as { statements: { nodes: { id: string; version: number; revisions: unknown }[] } })
    .statements.nodes;
  expect(nodes).toHaveLength(14);
  expect(nodes.find((node) => node.id === editedId)).toEqual({
    id: editedId,
    version: 3,
    revisions: {
      totalCount: 3,
      nodes: [
        { id: revisions[2], author: "test" },
        { id: revisions[1], author: "test" },
      ],
    },
  });
  expect(nodes.filter((node) => node.id !== editedId).map((node) => node.revisions)).toEqual(
    Array(13).fill({ totalCount: 1, nodes: [{ id: revisions[0], author: "seed" }] }),
  );
});

test("the revisions of a list of statements are read in one statement, and counted in one more", async () => {
  const { queries } = database;
  queries.length = 0;
  const { body } = await resolved.query(`{
    statements(first: 50) { nodes { id revisions(first: 2) { totalCount nodes { id at } } } }
  }`);
  expect(body.errors).toBeUndefined();
  // The page of statements, the revisions of all of them, their counts.
  expect(queries).toHaveLength(3);
  expect(queries.filter((sql) => sql.includes('"RevisionChange"'))).toHaveLength(2);
});
