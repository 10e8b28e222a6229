import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

/** POSTs a raw body over HTTP and reads back status and JSON. */
async function post(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(fixture.server.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The 817-byte query: pages of 100 statements, 7 aliased speakers each, three levels deep. */
function aliasBomb(aliases: number): string {
  const speakers = (inner: string) =>
    Array.from({ length: aliases }, (_, i) => `s${i}: speaker { ${inner} }`).join(" ");
  return `query Bomb { statements(first: 100) { nodes { ...L1 } } }
fragment L1 on Statement { ${speakers("...L2")} }
fragment L2 on Actor { statements(first: 100) { nodes { ${speakers("...L3")} } } }
fragment L3 on Actor { statements(first: 100) { nodes { text } } }`;
}

describe("what one request may ask for", () => {
  it("reports every answer's cost: 1 per object, connections multiplied by their page size", async () => {
    // statements (1) + 3 × (nodes (1) + speaker (1)), the speaker's name and text free.
    const { status, body, cost } = await fixture.server.query(
      `{ statements(first: 3) { nodes { text speaker { name } } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(cost).toEqual({ requested: 1 + 3 * (1 + 1), limit: 1000 });
  });

  it("prices `first: $n` by the variable's value, and an omitted page size as the default 20", async () => {
    const query = `query Page($n: Int) { statements(first: $n) { nodes { speaker { slug } } } }`;
    expect((await fixture.server.query(query, { n: 50 })).cost).toEqual({ requested: 1 + 50 * 2, limit: 1000 });
    expect((await fixture.server.query(query, {})).cost).toEqual({ requested: 1 + 20 * 2, limit: 1000 });
  });

  it("refuses an operation costing more than 1,000 points before any SQL runs", async () => {
    const { queries } = fixture.database;
    queries.length = 0;
    const { status, body, cost } = await fixture.server.query(aliasBomb(7));
    expect(status).toBe(400);
    expect(queries).toEqual([]);
    // 1 + 100 × (1 + 7 × (1 + 1 + 100 × (1 + 7 × (1 + 1 + 100 × 1))))
    const requested = 1 + 100 * (1 + 7 * (2 + 100 * (1 + 7 * (2 + 100))));
    expect(body).toEqual({
      errors: [
        {
          message: `The operation costs ${requested} points, more than the 1000 allowed (MAX_QUERY_COST). Ask for smaller pages (first/last) or fewer nested lists; the README explains how cost is counted.`,
          extensions: { code: "QUERY_TOO_COMPLEX", cost: requested, limit: 1000 },
        },
      ],
    });
    // A refused operation still says what it would have cost.
    expect(cost).toEqual({ requested, limit: 1000 });
  });

  it("walks a fragment bomb no further than 10,000 selections", async () => {
    const levels = 28;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i < levels - 1
        ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`
        : `fragment F${i} on Query { __typename }`,
    );
    const started = Date.now();
    const { status, body } = await fixture.server.query(`query Bomb { ...F0 }\n${fragments.join("\n")}`);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message:
            "The operation selects more than 10000 fields once its fragments are expanded (MAX_QUERY_NODES); select less, or spread fragments fewer times.",
          extensions: { code: "QUERY_TOO_COMPLEX", limit: 10000 },
        },
      ],
    });
  });

  it("allows 30 aliases and refuses 31", async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    expect((await fixture.server.query(aliased(30))).status).toBe(200);
    const { status, body } = await fixture.server.query(aliased(31));
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message:
            "The document has more than 30 aliased fields (MAX_QUERY_ALIASES); ask for fewer, or page through a list instead.",
          extensions: { code: "QUERY_TOO_COMPLEX", limit: 30 },
        },
      ],
    });
  });

  it("refuses more than 50 directives", async () => {
    const fields = (n: number) => Array.from({ length: n }, () => "__typename @include(if: true)").join(" ");
    expect((await fixture.server.query(`{ ${fields(50)} }`)).status).toBe(200);
    const { status, body } = await fixture.server.query(`{ ${fields(51)} }`);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: "The document has more than 50 directives (MAX_QUERY_DIRECTIVES).",
          extensions: { code: "QUERY_TOO_COMPLEX", limit: 50 },
        },
      ],
    });
  });

  it("refuses a document of more than 3,000 tokens while parsing it", async () => {
    // A brace, 3,000 one-letter names and a brace: 3,002 tokens in 6,004 characters.
    const { status, body } = await fixture.server.query(`{ ${"a ".repeat(3_000)}}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: "The document has more than 3000 tokens (MAX_QUERY_TOKENS); send a shorter query.",
          locations: [{ line: 1, column: 6_001 }],
          extensions: { code: "QUERY_TOO_COMPLEX", limit: 3000 },
        },
      ],
    });
  });

  it("refuses a query text longer than 10,000 characters before parsing it", async () => {
    const { status, body } = await fixture.server.query(`{ __typename }${" ".repeat(10_000)}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: "The query is 10014 characters long; this server takes at most 10000 (MAX_QUERY_LENGTH).",
          extensions: { code: "QUERY_TOO_COMPLEX" },
        },
      ],
    });
  });

  it("refuses list arguments of more than 100 items, written in the query or passed as a variable", async () => {
    const slugs = Array.from({ length: 101 }, (_, i) => `speaker-${i}`);
    const literal = await fixture.server.query(
      `{ statements(filter: { speakers: ${JSON.stringify(slugs)} }) { totalCount } }`,
    );
    expect(literal.status).toBe(400);
    expect(literal.body).toEqual({
      errors: [
        {
          message: "A list holds 101 items; arguments take at most 100.",
          locations: [{ line: 1, column: 34 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    const variable = await fixture.server.query(
      `query S($s: [String!]) { statements(filter: { speakers: $s }) { totalCount } }`,
      { s: slugs },
    );
    expect(variable.status).toBe(400);
    expect(variable.body).toEqual({
      errors: [
        {
          message: 'Variable "$s" is a list of more than 100 items; arguments take at most 100.',
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
  });

  it("caps the stance matrix at 20 topics", async () => {
    const slugs = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `slug-${i}`));
    const topics = await fixture.server.query(`{ stanceMatrix(topics: ${slugs(21)}) { rows { cells { stance } } } }`);
    expect(topics.body).toEqual({
      data: null,
      errors: [
        {
          message: "The matrix would have 21 topics; it may have at most 20. Name the topics wanted in `topics`.",
          locations: [{ line: 1, column: 3 }],
          path: ["stanceMatrix"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "topics" },
        },
      ],
    });
    // Rows are capped through cells (10,000), which the seed's 9 actors cannot reach; a list
    // argument holds at most 100 slugs.
  });

  it("stops validating after five errors, and suggests no field names", async () => {
    const { status, body } = await fixture.server.query(`{ ${"evnt ".repeat(20)} }`);
    expect(status).toBe(400);
    const errors = body.errors!;
    expect(errors).toHaveLength(5);
    expect(errors.slice(0, 4).map((error) => error.message)).toEqual(
      Array(4).fill('Cannot query field "evnt" on type "Query".'),
    );
    expect(errors[4]!.message).toBe("Too many validation errors, error limit reached. Validation aborted.");
    expect(errors.every((error) => error.extensions?.code === "GRAPHQL_VALIDATION_FAILED")).toBe(true);
  });

  it("quotes at most 100 characters of a client's input in a message", async () => {
    const slug = "x".repeat(90_000);
    const { body } = await fixture.server.query(`query E($slug: String!) { event(slug: $slug) { slug } }`, { slug });
    expect(body).toEqual({
      data: { event: null },
      errors: [
        {
          message: `No Event has slug "${"x".repeat(100)}…".`,
          locations: [{ line: 1, column: 27 }],
          path: ["event"],
          extensions: { code: "NOT_FOUND", typeName: "Event" },
        },
      ],
    });
    const wrongType = await fixture.server.query(`query P($n: Int) { statements(first: $n) { totalCount } }`, {
      n: "9".repeat(90_000),
    });
    const message = wrongType.body.errors![0]!.message;
    expect(message.length).toBeLessThanOrEqual(501);
    expect(message.startsWith('Variable "$n" got invalid value "999')).toBe(true);
  });

  it("answers a batch of operations with 400 and a code: batching is off", async () => {
    const { status, body } = await post([{ query: "{ __typename }" }, { query: "{ __typename }" }]);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [{ message: "Operation batching disabled.", extensions: { code: "BAD_REQUEST" } }],
    });
  });
});
