import { toGlobalId } from "../../src/common/global-id";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

const NODE_QUERY = `query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Event { slug }
    ... on Actor { slug }
    ... on Topic { slug }
    ... on Source { slug }
    ... on Place { name }
    ... on Statement { provenance { exact } }
    ... on Position { summary }
  }
}`;

describe("node(id:)", () => {
  it("refetches an object of every type by the id it was served with", async () => {
    const { body } = await fixture.server.query(`{
      event(slug: "anchorage-summit-2025") { id slug location { id name } }
      person(slug: "donald-trump") { id slug }
      actor(slug: "european-leaders") { id slug }
      topic(slug: "territorial-exchange") { id slug }
      statements(first: 1) { nodes { id provenance { exact source { id slug } } } }
      positions(first: 1) { nodes { id summary } }
    }`);
    const data = body.data as {
      event: { id: string; slug: string; location: { id: string; name: string } };
      person: { id: string; slug: string };
      actor: { id: string; slug: string };
      topic: { id: string; slug: string };
      statements: { nodes: { id: string; provenance: { exact: string; source: { id: string; slug: string } } }[] };
      positions: { nodes: { id: string; summary: string }[] };
    };
    const statement = data.statements.nodes[0]!;
    const position = data.positions.nodes[0]!;
    const cases = [
      { id: data.event.id, expected: { __typename: "Event", id: data.event.id, slug: "anchorage-summit-2025" } },
      {
        id: data.event.location.id,
        expected: { __typename: "Place", id: data.event.location.id, name: "Joint Base Elmendorf-Richardson" },
      },
      { id: data.person.id, expected: { __typename: "Person", id: data.person.id, slug: "donald-trump" } },
      { id: data.actor.id, expected: { __typename: "CollectiveActor", id: data.actor.id, slug: "european-leaders" } },
      { id: data.topic.id, expected: { __typename: "Topic", id: data.topic.id, slug: "territorial-exchange" } },
      {
        id: statement.provenance.source.id,
        expected: { __typename: "Source", id: statement.provenance.source.id, slug: "anchorage-summit-article" },
      },
      {
        id: statement.id,
        expected: { __typename: "Statement", id: statement.id, provenance: { exact: statement.provenance.exact } },
      },
      { id: position.id, expected: { __typename: "Position", id: position.id, summary: position.summary } },
    ];
    for (const { id, expected } of cases) {
      const result = await fixture.server.query(NODE_QUERY, { id });
      expect(result.body).toEqual({ data: { node: expected } });
    }
  });

  it("rejects an ID the server did not issue, and one of a type that is not a node", async () => {
    const forged = Buffer.from("Weather:1").toString("base64url");
    for (const id of ["not-an-id!", forged]) {
      const { body } = await fixture.server.query(NODE_QUERY, { id });
      expect(body).toEqual({
        data: { node: null },
        errors: [
          {
            message: `"${id}" is not an ID issued by this server. Use the \`id\` field of an object you fetched.`,
            locations: [{ line: 2, column: 3 }],
            path: ["node"],
            extensions: { code: "BAD_USER_INPUT", argumentName: "id" },
          },
        ],
      });
    }
  });

  it("answers NOT_FOUND for a well-formed ID of a missing object, and for a Person ID of a collective actor", async () => {
    const leaders = await fixture.database.db.actor.findUniqueOrThrow({ where: { slug: "european-leaders" } });
    for (const [id, typeName] of [
      [toGlobalId("Topic", 999999), "Topic"],
      [toGlobalId("Person", leaders.id), "Person"],
    ] as const) {
      const { body } = await fixture.server.query(NODE_QUERY, { id });
      expect(body).toEqual({
        data: { node: null },
        errors: [
          {
            message: `No ${typeName} has id "${id}".`,
            locations: [{ line: 2, column: 3 }],
            path: ["node"],
            extensions: { code: "NOT_FOUND", typeName },
          },
        ],
      });
    }
  });

  it("source(id:) and statement(id:) refuse an ID of another type", async () => {
    const event = await fixture.database.db.event.findUniqueOrThrow({ where: { slug: "anchorage-summit-2025" } });
    const eventId = toGlobalId("Event", event.id);
    const { body } = await fixture.server.query(
      `query ($id: ID!) { source(id: $id) { slug } statement(id: $id) { text } }`,
      { id: eventId },
    );
    expect(body).toEqual({
      data: { source: null, statement: null },
      errors: [
        {
          message: `ID "${eventId}" is the ID of type Event; a Source ID is expected here.`,
          locations: [{ line: 1, column: 20 }],
          path: ["source"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "id" },
        },
        {
          message: `ID "${eventId}" is the ID of type Event; a Statement ID is expected here.`,
          locations: [{ line: 1, column: 45 }],
          path: ["statement"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "id" },
        },
      ],
    });
  });
});
