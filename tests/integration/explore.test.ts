import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

const HIT = `__typename ... on Topic { slug } ... on Statement { text } ... on Position { summary } ... on Event { slug } ... on Actor { slug }`;

async function data(query: string, variables?: Record<string, unknown>) {
  const { body } = await fixture.server.query(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, unknown>;
}

describe("search", () => {
  it('ranks "land swap": the positions, the topic, Trump raising it, Zelenskyy\'s opposition', async () => {
    const result = await data(
      `{ search(query: "land swap") { totalCount pageInfo { hasNextPage } edges { rank snippet node { ${HIT} } } } }`,
    );
    const search = result.search as { edges: { rank: number; snippet: string; node: unknown }[] };
    expect(search.edges.map((edge) => edge.node)).toEqual([
      {
        __typename: "Position",
        summary: "Raised a land swap and puts land exchanges on the agenda, but leaves the decision to Ukraine.",
      },
      { __typename: "Topic", slug: "territorial-exchange" },
      { __typename: "Statement", text: "Trump raised the idea of a land swap between Russia and Ukraine." },
      {
        __typename: "Position",
        summary: "Resists a land swap; ceding territory would violate Ukraine's constitution.",
      },
    ]);
    const ranks = search.edges.map((edge) => edge.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(search.edges.map((edge) => edge.snippet)).toEqual([
      "Raised a <mark>land</mark> <mark>swap</mark> and puts <mark>land</mark> exchanges on the agenda, but leaves the decision to Ukraine",
      '<mark>Land</mark> <mark>swap</mark>. Exchanging or ceding territory between Russia and Ukraine as part of a settlement (the "<mark>land</mark> <mark>swap</mark>", "<mark>land</mark> exchanges',
      "Trump raised the idea of a <mark>land</mark> <mark>swap</mark> between Russia and Ukraine. … Trump broached the controversial idea of a <mark>land</mark> <mark>swap</mark> between Russia and Ukraine",
      "Resists a <mark>land</mark> <mark>swap</mark>; ceding territory would violate Ukraine's constitution",
    ]);
  });

  it('finds the no-membership position and statement for "NATO"', async () => {
    const result = await data(`{ search(query: "NATO") { totalCount edges { node { ${HIT} } } } }`);
    expect(result).toEqual({
      search: {
        totalCount: 4,
        edges: [
          {
            node: {
              __typename: "Statement",
              text: "Security guarantees for Ukraine would not entail Ukraine joining NATO.",
            },
          },
          {
            node: {
              __typename: "Position",
              summary:
                "Open to offering Ukraine security guarantees together with European nations, though not Ukraine's joining NATO.",
            },
          },
          {
            node: {
              __typename: "Position",
              summary: "Rules out Ukraine joining NATO as part of security guarantees for Ukraine.",
            },
          },
          { node: { __typename: "Topic", slug: "ukraine-nato-membership" } },
        ],
      },
    });
  });

  it("narrows to kinds of object, and answers no hits with an empty connection", async () => {
    expect(await data(`{ search(query: "land swap", types: [TOPIC, EVENT]) { totalCount nodes { ${HIT} } } }`)).toEqual(
      {
        search: { totalCount: 1, nodes: [{ __typename: "Topic", slug: "territorial-exchange" }] },
      },
    );
    expect(
      await data(
        `{ search(query: "zebra crossing") { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`,
      ),
    ).toEqual({
      search: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });

  it("escapes the snippet's text so it is safe HTML around the <mark>s", async () => {
    const topic = await fixture.database.db.topic.create({
      // Also the control characters the server marks matches with: they must not pass as marks.
      data: { slug: "tariffs", name: "Tariffs & trade", description: "Whether 3 < 4 > 2\u0003 on \u0002tariffs." },
    });
    try {
      expect(await data(`{ search(query: "tariffs") { totalCount edges { snippet } } }`)).toEqual({
        search: {
          totalCount: 1,
          edges: [{ snippet: "<mark>Tariffs</mark> &amp; trade. Whether 3 &lt; 4 &gt; 2 on <mark>tariffs</mark>" }],
        },
      });
    } finally {
      await fixture.database.db.topic.delete({ where: { id: topic.id } });
    }
  });

  it("refuses a blank query with BAD_USER_INPUT", async () => {
    const { body } = await fixture.server.query(`{ search(query: "  ") { totalCount } }`);
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: "`query` must be 1 to 200 characters of text.",
          locations: [{ line: 1, column: 3 }],
          path: ["search"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "query" },
        },
      ],
    });
  });
});

const SUMMIT_TOPICS = [
  "ukraine-ceasefire",
  "security-guarantees-for-ukraine",
  "ukraine-nato-membership",
  "territorial-exchange",
  "us-russia-trade",
];

describe("stance matrix", () => {
  it("puts every actor's stance on each summit topic in one table, unknown cells explicit", async () => {
    const result = await data(
      `query ($topics: [String!]) { stanceMatrix(topics: $topics) {
        topics { slug } actors { slug } rows { actor { slug } cells { topic { slug } known stance position { holder { slug } topic { slug } } } }
      } }`,
      { topics: SUMMIT_TOPICS },
    );
    const stances: Record<string, (string | null)[]> = {
      "donald-trump": [null, "OPEN", "OPPOSES", "DEFERS", "CONDITIONAL"],
      "european-leaders": ["SUPPORTS", "SUPPORTS", null, null, null],
      "volodymyr-zelenskyy": [null, null, null, "OPPOSES", null],
    };
    expect(result).toEqual({
      stanceMatrix: {
        topics: SUMMIT_TOPICS.map((slug) => ({ slug })),
        actors: Object.keys(stances).map((slug) => ({ slug })),
        rows: Object.entries(stances).map(([actor, row]) => ({
          actor: { slug: actor },
          cells: row.map((stance, index) => ({
            topic: { slug: SUMMIT_TOPICS[index] },
            known: stance !== null,
            stance,
            position: stance === null ? null : { holder: { slug: actor }, topic: { slug: SUMMIT_TOPICS[index] } },
          })),
        })),
      },
    });
  });

  it("takes an event's topics as columns and adds its participants as rows", async () => {
    expect(
      await data(
        `{ stanceMatrix(event: "anchorage-summit-2025") { topics { slug } rows { actor { slug } cells { stance } } } }`,
      ),
    ).toEqual({
      stanceMatrix: {
        topics: [
          { slug: "ukraine-ceasefire" },
          { slug: "ending-the-war-in-ukraine" },
          { slug: "territorial-exchange" },
          { slug: "security-guarantees-for-ukraine" },
          { slug: "us-russia-trade" },
          { slug: "ukraine-nato-membership" },
        ],
        rows: [
          {
            actor: { slug: "donald-trump" },
            cells: [null, "SUPPORTS", "DEFERS", "OPEN", "CONDITIONAL", "OPPOSES"].map((stance) => ({ stance })),
          },
          {
            actor: { slug: "european-leaders" },
            cells: ["SUPPORTS", null, null, "SUPPORTS", null, null].map((stance) => ({ stance })),
          },
          {
            actor: { slug: "vladimir-putin" },
            cells: [null, null, null, null, null, null].map((stance) => ({ stance })),
          },
          {
            actor: { slug: "volodymyr-zelenskyy" },
            cells: [null, null, "OPPOSES", null, null, null].map((stance) => ({ stance })),
          },
        ],
      },
    });
  });

  it("refuses topics together with an event, unknown slugs and a column asked for twice", async () => {
    const { body } = await fixture.server.query(
      `{ stanceMatrix(event: "anchorage-summit-2025", topics: ["us-russia-trade"]) { topics { slug } } }`,
    );
    expect(body.errors).toEqual([
      {
        message: "Pass `topics` or `event`, not both.",
        locations: [{ line: 1, column: 3 }],
        path: ["stanceMatrix"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "event" },
      },
    ]);
    const unknown = await fixture.server.query(`{ stanceMatrix(topics: ["weather"]) { topics { slug } } }`);
    expect(unknown.body.errors).toEqual([
      {
        message: 'No topic has slug "weather" (in `topics`).',
        locations: [{ line: 1, column: 3 }],
        path: ["stanceMatrix"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "topics" },
      },
    ]);
    const twice = await fixture.server.query(
      `{ stanceMatrix(topics: ["ukraine-ceasefire", "us-russia-trade", "ukraine-ceasefire"]) { topics { slug } } }`,
    );
    expect(twice.body).toEqual({
      data: null,
      errors: [
        {
          message: '`topics` lists "ukraine-ceasefire" twice.',
          locations: [{ line: 1, column: 3 }],
          path: ["stanceMatrix"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "topics" },
        },
      ],
    });
    const rowTwice = await fixture.server.query(
      `{ stanceMatrix(actors: ["donald-trump", "donald-trump"]) { topics { slug } } }`,
    );
    expect(rowTwice.body.errors).toEqual([
      {
        message: '`actors` lists "donald-trump" twice.',
        locations: [{ line: 1, column: 3 }],
        path: ["stanceMatrix"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "actors" },
      },
    ]);
  });
});

type Entry = {
  node: {
    at: string | null;
    dating: string;
    item: { __typename: string; text?: string; summary?: string; slug?: string };
  };
};
const short = ({ node }: Entry) => [
  node.at,
  node.dating,
  node.item.__typename,
  (node.item.text ?? node.item.summary ?? node.item.slug)!.slice(0, 30),
];

describe("timelines", () => {
  it("orders an actor's statements and positions in time, across events", async () => {
    const timeline = await data(
      `{ actor(slug: "european-leaders") { timeline { totalCount edges { node { at dating item { __typename ... on Statement { text } ... on Position { summary } } } } } } }`,
    );
    const edges = (timeline.actor as { timeline: { totalCount: number; edges: Entry[] } }).timeline;
    expect(edges.totalCount).toBe(3);
    expect(edges.edges.map(short)).toEqual([
      ["2025-08-13T00:00:00.000Z", "SAID", "Statement", "Putin must agree to a ceasefir"],
      ["2025-08-15T00:00:00.000Z", "AS_OF", "Position", "Putin must agree to a ceasefir"],
      ["2025-08-15T00:00:00.000Z", "AS_OF", "Position", "Security guarantees for Ukrain"],
    ]);
  });

  it("orders an event's sub-events and statements in time: dated first, reported-only by source order", async () => {
    const result =
      await data(`{ event(slug: "anchorage-summit-2025") { timeline(first: 100) { totalCount edges { node { at dating item {
      __typename ... on Event { slug } ... on Statement { text } } } } } } }`);
    const timeline = (result.event as { timeline: { totalCount: number; edges: Entry[] } }).timeline;
    expect(timeline.totalCount).toBe(16);
    expect(timeline.edges.map(short)).toEqual([
      ["2025-08-13T00:00:00.000Z", "SAID", "Statement", "Putin must agree to a ceasefir"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "Trump committed, as part of hi"],
      ["2025-08-15T00:00:00.000Z", "SAID", "Statement", "Look, he's a smart guy. He's b"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "A joint press conference will "],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "Trump is willing to discuss bu"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "Trump will not be open to expa"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "They want to do business, but "],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "Trump warned Putin there would"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "I'm not doing this for my heal"],
      ["2025-08-15T00:00:00.000Z", "SAID", "Statement", "Trump is open to collaborating"],
      ["2025-08-15T00:00:00.000Z", "SAID", "Statement", "Security guarantees for Ukrain"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "Trump raised the idea of a lan"],
      ["2025-08-15T00:00:00.000Z", "REPORTED", "Statement", "Ceding territory would violate"],
      ["2025-08-15T00:00:00.000Z", "SAID", "Statement", "Discussions about potential la"],
      ["2025-08-15T00:00:00.000Z", "SAID", "Statement", "I've got to let Ukraine make t"],
      ["2025-08-15T08:00:00.000Z", "STARTS", "Event", "anchorage-summit-2025-press-co"],
    ]);
  });
});

describe("statement counts", () => {
  it("counts per topic, speaker, occasion and kind, largest first, filtered like statements", async () => {
    expect(
      await data(`{
        topic: statementCounts(by: TOPIC) { count topic { slug } }
        speaker: statementCounts(by: SPEAKER) { count speaker { slug } }
        occasion: statementCounts(by: OCCASION) { count occasion { slug } }
        kind: statementCounts(by: KIND, filter: { speakers: ["donald-trump"] }) { count kind topic { slug } }
      }`),
    ).toEqual({
      topic: [
        { count: 4, topic: { slug: "ending-the-war-in-ukraine" } },
        { count: 4, topic: { slug: "territorial-exchange" } },
        { count: 3, topic: { slug: "security-guarantees-for-ukraine" } },
        { count: 3, topic: { slug: "us-russia-trade" } },
        { count: 2, topic: { slug: "ukraine-ceasefire" } },
        { count: 2, topic: null },
        { count: 1, topic: { slug: "ukraine-nato-membership" } },
      ],
      speaker: [
        { count: 12, speaker: { slug: "donald-trump" } },
        // Ties in the order the actors were stored: an import creates new actors in slug order.
        { count: 1, speaker: { slug: "european-leaders" } },
        { count: 1, speaker: { slug: "karoline-leavitt" } },
        { count: 1, speaker: { slug: "volodymyr-zelenskyy" } },
      ],
      occasion: [
        { count: 13, occasion: null },
        { count: 1, occasion: { slug: "air-force-one-briefing-2025-08-15" } },
        { count: 1, occasion: { slug: "european-leaders-trump-conversation-2025-08-13" } },
      ],
      kind: [
        { count: 8, kind: "PARAPHRASE", topic: null },
        { count: 4, kind: "DIRECT_QUOTE", topic: null },
      ],
    });
  });
});
