/**
 * Curation over real HTTP: create, update, reattribute and delete, each checked field by field,
 * version-checked, and recorded in the history with its author and reason. The data is the
 * README's fictional example article, imported first.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import path from "node:path";
import { createApiKey } from "../../src/auth/keys";
import { toGlobalId } from "../../src/common/global-id";
import { ingestBundle } from "../../src/ingest/ingest";
import { seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

const EXAMPLE_FILE = path.join(__dirname, "../../examples/bundles/fictional-white-house-meeting.bundle.json");
const SOURCE = "fictional-white-house-meeting-article";

let database: TestDatabase;
let server: TestServer;
let curator: Record<string, string>;
let writer: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDefault(database.db);
  await ingestBundle(database.db, JSON.parse(readFileSync(EXAMPLE_FILE, "utf8")), {
    author: { apiKeyId: null, name: "test", operation: "test" },
  });
  server = await startTestServer(database.db);
  curator = { authorization: `Bearer ${(await createApiKey(database.db, "desk editor", ["context:curate"])).key}` };
  writer = { authorization: `Bearer ${(await createApiKey(database.db, "pipeline", ["context:write"])).key}` };
});
afterAll(async () => {
  await server.stop();
  await database.drop();
});

async function statementOf(key: string) {
  const source = await database.db.source.findUniqueOrThrow({ where: { slug: SOURCE } });
  return database.db.statement.findUniqueOrThrow({
    where: { sourceId_key: { sourceId: source.id, key } },
    include: { speaker: { select: { slug: true } } },
  });
}

async function tableCounts(): Promise<Record<string, number>> {
  const tables = ["Statement", "StatementTopic", "StatementEvent", "Topic", "Revision", "RevisionChange"];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await database.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
    out[table] = row!.n;
  }
  return out;
}

const CREATE = /* GraphQL */ `
  mutation Create($input: StatementInput!, $source: String!) {
    createStatement(source: $source, input: $input, reason: "Missing from the import") {
      id
      kind
      text
      speaker {
        slug
      }
      provenance {
        start
        end
        exact
      }
      topics {
        slug
      }
    }
  }
`;

const NEW_STATEMENT = {
  key: "trump-optimistic-about-deal",
  kind: "PARAPHRASE",
  speaker: "donald-trump",
  verb: "said",
  text: "Trump said he was optimistic about a deal.",
  span: { exact: 'Trump said he was "very optimistic" about a deal' },
  topics: ["ending-the-war-in-ukraine"],
};

describe("createStatement", () => {
  it("adds a statement with its span found in the source's text, and records who did it and why", async () => {
    const text = JSON.parse(readFileSync(EXAMPLE_FILE, "utf8")).source.text as string;
    const start = [...text.slice(0, text.indexOf('Trump said he was "very'))].length;
    const response = await server.query(CREATE, { source: SOURCE, input: NEW_STATEMENT }, curator);
    expect(response.status).toBe(200);
    const stored = await statementOf(NEW_STATEMENT.key);
    expect(response.body).toEqual({
      data: {
        createStatement: {
          id: toGlobalId("Statement", stored.id),
          kind: "PARAPHRASE",
          text: "Trump said he was optimistic about a deal.",
          speaker: { slug: "donald-trump" },
          provenance: { start, end: start + 48, exact: 'Trump said he was "very optimistic" about a deal' },
          topics: [{ slug: "ending-the-war-in-ukraine" }],
        },
      },
    });
    const change = await database.db.revisionChange.findFirstOrThrow({
      where: { entityType: "Statement", entityId: stored.id },
      include: { revision: true },
    });
    expect(change).toMatchObject({
      action: "CREATE",
      version: 1,
      revision: { author: "desk editor", operation: "createStatement", reason: "Missing from the import" },
      after: {
        key: NEW_STATEMENT.key,
        speakerId: stored.speakerId,
        text: NEW_STATEMENT.text,
        topics: [expect.any(Number)],
      },
    });
  });

  it("refuses input the bundle format refuses, naming the field, and writes nothing", async () => {
    const before = await tableCounts();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ key: "Not A Slug" }, "input.key", "input.key: must be lowercase letters, digits and single hyphens (a slug)."],
      [{ key: "k1", text: null }, "input.text", "input.text: a PARAPHRASE needs `text`, its claim in neutral words."],
      [{ key: "k2", speaker: "nobody-at-all" }, "input.speaker", 'input.speaker: no actor has slug "nobody-at-all".'],
      [
        { key: "k3", topics: ["ukraine-ceasefire", "no-such-topic"] },
        "input.topics[1]",
        'input.topics[1]: no topic has slug "no-such-topic".',
      ],
      [
        { key: "k4", saidAt: "2025-08-18T12:00:00Z" },
        "input.saidAt",
        "input.saidAt: give saidAt, timePrecision and timeBasis together, or none of them.",
      ],
    ];
    for (const [change, field, message] of cases) {
      const response = await server.query(CREATE, { source: SOURCE, input: { ...NEW_STATEMENT, ...change } }, curator);
      expect({ field, body: response.body }).toEqual({
        field,
        body: {
          data: null,
          errors: [
            {
              message,
              path: ["createStatement"],
              locations: [{ line: 3, column: 5 }],
              extensions: {
                code: "BAD_USER_INPUT",
                argumentName: "input",
                field,
                ...(field.startsWith("input.speaker") || field.startsWith("input.topics")
                  ? {}
                  : { problems: [{ field, message: message.slice(field.length + 2, -1) }] }),
              },
            },
          ],
        },
      });
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses a span the text does not hold, with expected and found text", async () => {
    const before = await tableCounts();
    const response = await server.query(
      CREATE,
      { source: SOURCE, input: { ...NEW_STATEMENT, key: "k5", span: { exact: "very optimistic", start: 0, end: 15 } } },
      curator,
    );
    expect(response.body).toEqual({
      data: null,
      errors: [
        {
          message: "input.span: the source text at [0, 15) is not the span's exact words.",
          path: ["createStatement"],
          locations: [{ line: 3, column: 5 }],
          extensions: {
            code: "BAD_USER_INPUT",
            argumentName: "input",
            field: "input.span",
            expected: "very optimistic",
            found: "FICTIONAL EXAMP",
          },
        },
      ],
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses a key the source has already, and a key without the curate scope", async () => {
    const taken = await statementOf("trump-very-optimistic");
    const duplicate = await server.query(
      CREATE,
      { source: SOURCE, input: { ...NEW_STATEMENT, key: "trump-very-optimistic" } },
      curator,
    );
    expect(duplicate.body.errors).toEqual([
      {
        message: `The source "${SOURCE}" has a statement with key "trump-very-optimistic" already.`,
        path: ["createStatement"],
        locations: [{ line: 3, column: 5 }],
        extensions: {
          code: "CONFLICT",
          argumentName: "input",
          field: "input.key",
          existing: toGlobalId("Statement", taken.id),
        },
      },
    ]);
    const forbidden = await server.query(CREATE, { source: SOURCE, input: { ...NEW_STATEMENT, key: "k6" } }, writer);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", requiredScope: "context:curate" });
  });
});

const REATTRIBUTE = /* GraphQL */ `
  mutation Fix($id: ID!, $version: Int!) {
    reattributeStatement(
      id: $id
      speaker: "volodymyr-zelenskyy"
      version: $version
      reason: "A reader reported the quote was Zelenskyy's"
    ) {
      speaker {
        slug
      }
      text
    }
  }
`;

describe("updateStatement and reattributeStatement", () => {
  it("corrects a speaker, recording before and after with the reason; a stale version is a CONFLICT", async () => {
    const before = await statementOf("trump-very-optimistic");
    const id = toGlobalId("Statement", before.id);
    const stale = await server.query(REATTRIBUTE, { id, version: before.version + 1 }, curator);
    expect(stale.body).toEqual({
      data: null,
      errors: [
        {
          message: `The statement is at version ${before.version}, not ${before.version + 1}: it was changed since you read it. Read it again, and apply your change to what it is now.`,
          path: ["reattributeStatement"],
          locations: [{ line: 3, column: 5 }],
          extensions: {
            code: "CONFLICT",
            storedVersion: before.version,
            sentVersion: before.version + 1,
            argumentName: "version",
          },
        },
      ],
    });

    const fixed = await server.query(REATTRIBUTE, { id, version: before.version }, curator);
    expect(fixed.body).toEqual({
      data: { reattributeStatement: { speaker: { slug: "volodymyr-zelenskyy" }, text: "very optimistic" } },
    });
    const after = await statementOf("trump-very-optimistic");
    expect(after.version).toBe(before.version + 1);
    const change = await database.db.revisionChange.findFirstOrThrow({
      where: { entityType: "Statement", entityId: before.id, action: "UPDATE" },
      include: { revision: true },
    });
    expect({ before: change.before, after: change.after }).toEqual({
      before: { speakerId: before.speakerId, speaker: "donald-trump" },
      after: { speakerId: after.speakerId, speaker: "volodymyr-zelenskyy" },
    });
    expect(change).toMatchObject({
      version: before.version + 1,
      revision: {
        author: "desk editor",
        operation: "reattributeStatement",
        reason: "A reader reported the quote was Zelenskyy's",
      },
    });
    // Read back through the API, the correction names the speakers by their global IDs.
    const history = await server.query(
      `query($id: ID!) { statement(id: $id) { revisions(first: 1) { nodes { reason changes { nodes { action fields { field before after } } } } } } }`,
      { id },
    );
    expect(history.body).toEqual({
      data: {
        statement: {
          revisions: {
            nodes: [
              {
                reason: "A reader reported the quote was Zelenskyy's",
                changes: {
                  nodes: [
                    {
                      action: "UPDATE",
                      fields: [
                        { field: "speaker", before: "donald-trump", after: "volodymyr-zelenskyy" },
                        {
                          field: "speakerId",
                          before: toGlobalId("Person", before.speakerId),
                          after: toGlobalId("Person", after.speakerId),
                        },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    });
    // The same correction again changes nothing: no version spent, no revision.
    const revisions = await database.db.revision.count();
    const again = await server.query(REATTRIBUTE, { id, version: after.version }, curator);
    expect(again.body).toEqual(fixed.body);
    expect(await statementOf("trump-very-optimistic")).toEqual(after);
    expect(await database.db.revision.count()).toBe(revisions);
    // The version read before the correction is stale now.
    expect(
      (await server.query(REATTRIBUTE, { id, version: before.version }, curator)).body.errors?.[0]?.extensions?.code,
    ).toBe("CONFLICT");
  });

  it("changes the fields given and keeps those left out", async () => {
    const before = await statementOf("trump-europe-carries-burden");
    const response = await server.query(
      /* GraphQL */ `
        mutation Update($id: ID!, $version: Int!) {
          updateStatement(
            id: $id
            version: $version
            input: { verb: "stressed", topics: ["ending-the-war-in-ukraine"] }
          ) {
            verb
            text
            topics {
              slug
            }
          }
        }
      `,
      { id: toGlobalId("Statement", before.id), version: before.version },
      curator,
    );
    expect(response.body).toEqual({
      data: {
        updateStatement: {
          verb: "stressed",
          text: before.text,
          topics: [{ slug: "ending-the-war-in-ukraine" }],
        },
      },
    });
    const change = await database.db.revisionChange.findFirstOrThrow({
      where: { entityType: "Statement", entityId: before.id, action: "UPDATE" },
    });
    const topic = await database.db.topic.findUniqueOrThrow({ where: { slug: "ending-the-war-in-ukraine" } });
    const old = await database.db.topic.findUniqueOrThrow({ where: { slug: "security-guarantees-for-ukraine" } });
    expect({ before: change.before, after: change.after }).toEqual({
      before: { verb: "added", topics: [old.id] },
      after: { verb: "stressed", topics: [topic.id] },
    });
  });
});

const DELETE = /* GraphQL */ `
  mutation Delete($id: ID!, $version: Int!) {
    deleteStatement(id: $id, version: $version, reason: "Duplicate") {
      id
      revision {
        id
        author
        keyPrefix
        operation
        reason
      }
    }
  }
`;

describe("deleteStatement", () => {
  it("refuses to delete a statement a position cites, and deletes one no position cites", async () => {
    const cited = await statementOf("zelenskyy-guarantees-required");
    const refused = await server.query(
      DELETE,
      { id: toGlobalId("Statement", cited.id), version: cited.version },
      curator,
    );
    expect(refused.body.errors).toEqual([
      {
        message: `The statement is evidence for position "${SOURCE}/zelenskyy-security-guarantees"; change their evidence first.`,
        path: ["deleteStatement"],
        locations: [{ line: 3, column: 5 }],
        extensions: { code: "CONFLICT", positions: [`${SOURCE}/zelenskyy-security-guarantees`] },
      },
    ]);

    const target = await statementOf(NEW_STATEMENT.key);
    const id = toGlobalId("Statement", target.id);
    const deleted = await server.query(DELETE, { id, version: target.version }, curator);
    const revision = await database.db.revision.findFirstOrThrow({ where: { operation: "deleteStatement" } });
    expect(deleted.body).toEqual({
      data: {
        deleteStatement: {
          id,
          revision: {
            id: toGlobalId("Revision", revision.id),
            author: "desk editor",
            keyPrefix: curator.authorization!.slice("Bearer ".length, "Bearer ".length + 12),
            operation: "deleteStatement",
            reason: "Duplicate",
          },
        },
      },
    });
    // The tombstone keeps what was deleted, and node(id:) says where it went.
    const gone = await server.query(
      "query($id: ID!) { node(id: $id) { id } tombstone(id: $id) { deletedIn { id } lastState } }",
      { id },
    );
    expect(gone.body).toEqual({
      data: {
        node: null,
        tombstone: {
          deletedIn: { id: toGlobalId("Revision", revision.id) },
          lastState: expect.objectContaining({ key: NEW_STATEMENT.key, text: NEW_STATEMENT.text }),
        },
      },
      errors: [
        expect.objectContaining({
          path: ["node"],
          extensions: expect.objectContaining({ code: "NOT_FOUND", deletedIn: toGlobalId("Revision", revision.id) }),
        }),
      ],
    });
    expect(await database.db.statement.count({ where: { id: target.id } })).toBe(0);
    expect(await database.db.statementTopic.count({ where: { statementId: target.id } })).toBe(0);
    const change = await database.db.revisionChange.findFirstOrThrow({ where: { revisionId: revision.id } });
    expect(change).toMatchObject({
      entityType: "Statement",
      entityId: target.id,
      action: "DELETE",
      after: null,
      before: { key: NEW_STATEMENT.key, text: NEW_STATEMENT.text },
    });
    const again = await server.query(DELETE, { id, version: target.version }, curator);
    expect(again.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("topics", () => {
  it("creates, updates and deletes a topic; a topic in use is not deleted", async () => {
    const created = await server.query(
      `mutation { createTopic(input: { slug: "fictional-reconstruction-fund", name: "Reconstruction fund" }) { id slug name description } }`,
      {},
      curator,
    );
    const { id } = (created.body.data as { createTopic: { id: string } }).createTopic;
    expect(created.body).toEqual({
      data: {
        createTopic: { id, slug: "fictional-reconstruction-fund", name: "Reconstruction fund", description: null },
      },
    });
    const updated = await server.query(
      `mutation($id: ID!) { updateTopic(id: $id, version: 1, input: { description: "An invented topic for tests." }) { name description } }`,
      { id },
      curator,
    );
    expect(updated.body).toEqual({
      data: { updateTopic: { name: "Reconstruction fund", description: "An invented topic for tests." } },
    });
    const badName = await server.query(
      `mutation($id: ID!) { updateTopic(id: $id, version: 2, input: { name: " padded " }) { name } }`,
      { id },
      curator,
    );
    expect(badName.body.errors?.[0]).toMatchObject({
      message: "input.name: must not start or end with whitespace.",
      extensions: { code: "BAD_USER_INPUT", field: "input.name" },
    });
    const used = await database.db.topic.findUniqueOrThrow({ where: { slug: "security-guarantees-for-ukraine" } });
    const inUse = await server.query(
      `mutation($id: ID!) { deleteTopic(id: $id, version: ${used.version}) { id } }`,
      { id: toGlobalId("Topic", used.id) },
      curator,
    );
    expect(inUse.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const deleted = await server.query(
      `mutation($id: ID!) { deleteTopic(id: $id, version: 2) { id } }`,
      { id },
      curator,
    );
    expect(deleted.body).toEqual({ data: { deleteTopic: { id } } });
  });
});

describe("concurrent curation", () => {
  it("of one new slug stores it once; the others are CONFLICT, never an internal error", async () => {
    const create = `mutation { createTopic(input: { slug: "fictional-race-topic", name: "Raced (fictional)" }) { slug } }`;
    const before = await tableCounts();
    const responses = await Promise.all(Array.from({ length: 8 }, () => server.query(create, {}, curator)));
    const outcomes = responses.map((r) => (r.body.errors ? r.body.errors[0]!.extensions!.code : "created"));
    expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "CONFLICT")).toHaveLength(7);
    const after = await tableCounts();
    expect({ topics: after.Topic! - before.Topic!, revisions: after.Revision! - before.Revision! }).toEqual({
      topics: 1,
      revisions: 1,
    });
  });
});

describe("curation and imports of a source", () => {
  it("take turns: a curator's write to a source's statement waits while an import of that source holds it", async () => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      // What an import of the source takes first (src/ingest/ingest.ts, lockSource).
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`context-source:${SOURCE}`]);
      const target = await statementOf("trump-europe-carries-burden");
      let settled = false;
      const update = server
        .query(
          `mutation($id: ID!, $version: Int!) { updateStatement(id: $id, version: $version, input: { verb: "insisted" }) { verb } }`,
          { id: toGlobalId("Statement", target.id), version: target.version },
          curator,
        )
        .finally(() => {
          settled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await holder.query("COMMIT");
      expect((await update).body).toEqual({ data: { updateStatement: { verb: "insisted" } } });
    } finally {
      await holder.end();
    }
  });
});
