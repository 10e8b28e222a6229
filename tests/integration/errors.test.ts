import { toGlobalId } from "../../src/common/global-id";
import type { SeededFixture } from "../helpers/fixture";
import { startTestServer } from "../helpers/server";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

describe("errors a client can trigger", () => {
  it.each([
    ["event", 'event(slug: "no-such-event") { slug }', 'No Event has slug "no-such-event".', "Event"],
    ["person", 'person(slug: "european-leaders") { slug }', 'No Person has slug "european-leaders".', "Person"],
    ["actor", 'actor(slug: "nobody") { slug }', 'No Actor has slug "nobody".', "Actor"],
    ["topic", 'topic(slug: "weather") { slug }', 'No Topic has slug "weather".', "Topic"],
  ])("%s(slug:) of an unknown slug is null with a NOT_FOUND error", async (field, selection, message, typeName) => {
    const { status, body } = await fixture.server.query(`{ ${selection} }`);
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { [field]: null },
      errors: [
        { message, locations: [{ line: 1, column: 3 }], path: [field], extensions: { code: "NOT_FOUND", typeName } },
      ],
    });
  });

  it("answers an operationName the document does not define with Apollo's OPERATION_RESOLUTION_FAILURE", async () => {
    const post = async (body: unknown) => {
      const response = await fetch(fixture.server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await post({ query: "query A { __typename }", operationName: "B" })).toEqual({
      status: 400,
      body: {
        errors: [{ message: 'Unknown operation named "B".', extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }],
      },
    });
    expect(await post({ query: "query A { __typename } query B { __typename }" })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: "Must provide operation name if query contains multiple operations.",
            extensions: { code: "OPERATION_RESOLUTION_FAILURE" },
          },
        ],
      },
    });
  });

  it("rejects a page size out of range with BAD_USER_INPUT naming the argument", async () => {
    const { body } = await fixture.server.query(`{ statements(first: 101) { totalCount } }`);
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: "`first` must be between 1 and 100 (got 101).",
          locations: [{ line: 1, column: 3 }],
          path: ["statements"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "first" },
        },
      ],
    });
  });

  it("rejects first together with last, and a cursor it did not issue", async () => {
    const both = await fixture.server.query(`{ events(first: 1, last: 1) { totalCount } }`);
    expect(both.body.errors).toEqual([
      {
        message: "Pass `first` or `last`, not both.",
        locations: [{ line: 1, column: 3 }],
        path: ["events"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "last" },
      },
    ]);
    const cursor = await fixture.server.query(`{ topics(after: "bm9wZQ") { totalCount } }`);
    expect(cursor.body).toEqual({
      data: null,
      errors: [
        {
          message: '"bm9wZQ" is not a cursor of this list. Use a `cursor`, `startCursor` or `endCursor` it returned.',
          locations: [{ line: 1, column: 3 }],
          path: ["topics"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "after" },
        },
      ],
    });
  });

  it("reports a missing variable and an unknown field with Apollo's codes", async () => {
    const missing = await fixture.server.query(`query ($slug: String!) { event(slug: $slug) { slug } }`, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      errors: [
        {
          message: 'Variable "$slug" of required type "String!" was not provided.',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    const unknown = await fixture.server.query(`{ event(slug: "anchorage-summit-2025") { venue } }`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      errors: [
        {
          message: 'Cannot query field "venue" on type "Event".',
          locations: [{ line: 1, column: 42 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ],
    });
  });

  it("refuses the NUL character, which PostgreSQL text cannot hold, in the query or a variable", async () => {
    const loggedBefore = fixture.server.logged.length;
    const written = await fixture.server.query(`{ event(slug: "anchorage\\u0000summit") { slug } }`);
    expect(written.status).toBe(400);
    expect(written.body).toEqual({
      errors: [
        {
          message: "String value: text cannot contain the NUL character (U+0000).",
          locations: [{ line: 1, column: 15 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    const passed = await fixture.server.query(
      `query ($q: String!, $f: StatementFilter) { search(query: $q) { totalCount } statements(filter: $f) { totalCount } }`,
      { q: "land swap", f: { speakers: ["donald-trump", "vladimir\u0000putin"] } },
    );
    expect(passed.status).toBe(400);
    expect(passed.body).toEqual({
      errors: [
        {
          message: 'Variable "$f.speakers[1]": text cannot contain the NUL character (U+0000).',
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    expect(fixture.server.errorsLogged(loggedBefore)).toEqual([]);
  });

  it("answers a body that is not JSON, or too large, with a JSON error", async () => {
    const malformed = await fetch(fixture.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ nope",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      errors: [{ message: "Request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }],
    });

    const huge = await fetch(fixture.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ topics { totalCount } }`, padding: "x".repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({
      errors: [
        {
          message: "Request body too large: this server takes at most 100000 bytes (BODY_LIMIT_BYTES).",
          extensions: { code: "PAYLOAD_TOO_LARGE" },
        },
      ],
    });
  });

  it("masks an unexpected failure and logs it under the response's request id", async () => {
    const loggedBefore = fixture.server.logged.length;
    await fixture.database.db.$executeRawUnsafe(`ALTER TABLE "Topic" RENAME TO "TopicMoved"`);
    try {
      const { status, headers, body } = await fixture.server.query(`{ topics { totalCount } }`);
      expect(status).toBe(200);
      expect(body).toEqual({
        data: null,
        errors: [
          {
            message: "Internal server error. The server log has the details, under this response's x-request-id.",
            locations: [{ line: 1, column: 12 }],
            path: ["topics", "totalCount"],
            extensions: { code: "INTERNAL_SERVER_ERROR" },
          },
        ],
      });
      const requestId = headers.get("x-request-id");
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const logged = fixture.server.errorsLogged(loggedBefore);
      expect(logged).toEqual([
        expect.objectContaining({ level: 50, requestId, msg: "unexpected error", err: expect.any(Object) }),
      ]);
      expect(logged[0]!.err!.message).toMatch(/Topic.*does not exist/);
      expect(logged[0]!.err!.stack).toMatch(/\n\s+at /);
      // The request's own line names the code the client got.
      expect(fixture.server.logged.slice(loggedBefore).filter((line) => line.requestId === requestId)).toEqual([
        expect.objectContaining({ level: 50 }),
        expect.objectContaining({ level: 30, path: "/graphql", status: 200, errorCodes: ["INTERNAL_SERVER_ERROR"] }),
      ]);
    } finally {
      await fixture.database.db.$executeRawUnsafe(`ALTER TABLE "TopicMoved" RENAME TO "Topic"`);
    }
  });

  it("answers a body in an unsupported charset with a JSON BAD_REQUEST", async () => {
    const response = await fetch(fixture.server.url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=latin1" },
      body: JSON.stringify({ query: "{ topics { totalCount } }" }),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Bad request: unsupported charset "LATIN1".', extensions: { code: "BAD_REQUEST" } }],
    });
  });

  it("answers NOT_FOUND for well-formed IDs of a statement or source that does not exist", async () => {
    const [statementId, sourceId] = [toGlobalId("Statement", 999999), toGlobalId("Source", 999999)];
    const { body } = await fixture.server.query(
      `query ($s: ID!, $t: ID!) { statement(id: $s) { text } source(id: $t) { title } }`,
      { s: statementId, t: sourceId },
    );
    // Root fields resolve concurrently: their errors come in the order they are found.
    const byPath = (errors: unknown) =>
      [...(errors as { path: string[] }[])].sort((a, b) => a.path.join().localeCompare(b.path.join()));
    expect({ ...body, errors: byPath(body.errors) }).toEqual({
      data: { statement: null, source: null },
      errors: [
        {
          message: `No Source has id "${sourceId}".`,
          locations: [{ line: 1, column: 55 }],
          path: ["source"],
          extensions: { code: "NOT_FOUND", typeName: "Source" },
        },
        {
          message: `No Statement has id "${statementId}".`,
          locations: [{ line: 1, column: 28 }],
          path: ["statement"],
          extensions: { code: "NOT_FOUND", typeName: "Statement" },
        },
      ],
    });
  });

  it("refuses a query nested deeper than 12 fields", async () => {
    const deep = `query Deep { event(slug: "anchorage-summit-2025") { statements { nodes { speaker { statements { nodes {
      speaker { statements { nodes { speaker { statements { nodes { speaker { name } } } } } } } } } } } } } }`;
    const { status, body } = await fixture.server.query(deep);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: '"Deep" nests fields 14 deep; at most 12 levels are allowed.',
          locations: [{ line: 1, column: 1 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ],
    });
  });

  it("measures depth through fragments spread many times once per fragment", async () => {
    // Each fragment spreads the next twice: walked spread by spread, 2^28 visits; measured once
    // per fragment, 28. The deepest one nests 13 fields, so the document is refused.
    const levels = 28;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i < levels - 1
        ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`
        : `fragment F${i} on Query { event(slug: "anchorage-summit-2025") { statements { nodes { speaker {
            statements { nodes { speaker { statements { nodes { speaker { statements { nodes { speaker {
            name } } } } } } } } } } } } } }`,
    );
    const { status, body } = await fixture.server.query(`query Bomb { ...F0 }\n${fragments.join("\n")}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: '"Bomb" nests fields 14 deep; at most 12 levels are allowed.',
          locations: [{ line: 1, column: 1 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ],
    });
  });

  it("refuses a variable nesting lists far deeper than any input, before walking it", async () => {
    const loggedBefore = fixture.server.logged.length;
    // Written by hand: JSON.stringify itself overflows the stack on a value this deep.
    const query = JSON.stringify(`query ($f: StatementFilter) { statements(filter: $f) { totalCount } }`);
    const speakers = `${"[".repeat(8_000)}"donald-trump"${"]".repeat(8_000)}`;
    const response = await fetch(fixture.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query":${query},"variables":{"f":{"speakers":${speakers}}}}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'Variable "$f" nests lists or objects more than 16 deep; no input needs that many levels.',
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    expect(fixture.server.errorsLogged(loggedBefore)).toEqual([]);
  });

  it.each([
    [
      "subscription",
      "subscription Live { statementAdded { id } }",
      '"Live" is a subscription, but this server offers no subscription operations; it answers queries and mutations only.',
    ],
    [
      "nameless subscription",
      "subscription { statementAdded { id } }",
      "This server offers no subscription operations; it answers queries and mutations only.",
    ],
  ])("answers a %s, which this schema does not offer, with a validation error", async (_kind, query, message) => {
    const loggedBefore = fixture.server.logged.length;
    const { status, body } = await fixture.server.query(query);
    expect({ status, body }).toEqual({
      status: 400,
      body: {
        errors: [{ message, locations: [{ line: 1, column: 1 }], extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
      },
    });
    expect(fixture.server.errorsLogged(loggedBefore)).toEqual([]);
  });

  it.each([
    ["an unsupported version", { version: 2, sha256Hash: "0".repeat(64) }, "Unsupported persisted query version"],
    ["a hash that is not text", { version: 1, sha256Hash: 42 }, "provided sha does not match query"],
    ["a value that is not an object", "yes", "Unsupported persisted query version"],
  ])("answers a persisted-query extension with %s as a bad request", async (_case, persistedQuery, message) => {
    const loggedBefore = fixture.server.logged.length;
    const response = await fetch(fixture.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ topics { totalCount } }", extensions: { persistedQuery } }),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] },
    });
    expect(fixture.server.errorsLogged(loggedBefore)).toEqual([]);
  });

  it("never sends stack traces, whatever NODE_ENV says", async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = "development";
    const server = await startTestServer(fixture.database.db);
    process.env.NODE_ENV = saved;
    try {
      const { body } = await server.query(`{ event(slug: "nope") { slug } }`);
      expect(body).toEqual({
        data: { event: null },
        errors: [
          {
            message: 'No Event has slug "nope".',
            locations: [{ line: 1, column: 3 }],
            path: ["event"],
            extensions: { code: "NOT_FOUND", typeName: "Event" },
          },
        ],
      });
    } finally {
      await server.stop();
    }
  });
});
