import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { NodeTypeName } from "../../src/common/global-id";
import { toGlobalId } from "../../src/common/global-id";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

const SUMMIT_CONTEXT = readFileSync(path.join(__dirname, "../fixtures/summit-context.graphql"), "utf8");
const ARTICLE_TEXT = readFileSync(path.join(__dirname, "../../seed/anchorage-summit.txt"), "utf8");
const ARTICLE = Array.from(ARTICLE_TEXT);

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

type StatementRow = [string, string, string, string | null, string | null, string[], string, number, number, string];

/** The statements the article carries, in reading order: key, kind, speaker, verb, occasion, topics, text, span. */
const STATEMENTS: StatementRow[] = [
  [
    "trump-campaign-commitment",
    "PARAPHRASE",
    "donald-trump",
    "committed",
    null,
    ["ending-the-war-in-ukraine"],
    "Trump committed, as part of his 2024 campaign, to swiftly ending the conflict in Ukraine.",
    316,
    407,
    "As part of his 2024 campaign, Trump has committed to swiftly ending the conflict in Ukraine",
  ],
  [
    "trump-smart-guy",
    "DIRECT_QUOTE",
    "donald-trump",
    "remarked",
    "air-force-one-briefing-2025-08-15",
    [],
    "Look, he's a smart guy. He's been doing it for a long time, but so have I. We get along. It's a good respect level on both sides. And I think, you know, something is going to come up.",
    614,
    797,
    "Look, he's a smart guy. He's been doing it for a long time, but so have I. We get along. It's a good respect level on both sides. And I think, you know, something is going to come up.",
  ],
  [
    "leavitt-joint-press-conference",
    "PARAPHRASE",
    "karoline-leavitt",
    null,
    null,
    [],
    "A joint press conference will follow the summit to discuss the outcomes of the meeting.",
    1013,
    1099,
    "a joint press conference will follow the summit to discuss the outcomes of the meeting",
  ],
  [
    "trump-willing-to-discuss-trade",
    "PARAPHRASE",
    "donald-trump",
    "expressed",
    null,
    ["us-russia-trade"],
    "Trump is willing to discuss business and trade with Putin.",
    1101,
    1195,
    "Trump has expressed a willingness to engage in discussions about business and trade with Putin",
  ],
  [
    "trump-no-commercial-ties-until-violence-ceases",
    "PARAPHRASE",
    "donald-trump",
    "made it clear",
    null,
    ["ukraine-ceasefire", "us-russia-trade"],
    "Trump will not be open to expanding commercial ties until the violence in Ukraine ceases.",
    1232,
    1317,
    "he will not be open to expanding commercial ties until the violence in Ukraine ceases",
  ],
  [
    "trump-not-doing-business-until-war-solved",
    "DIRECT_QUOTE",
    "donald-trump",
    "stated",
    null,
    ["ending-the-war-in-ukraine", "us-russia-trade"],
    "They want to do business, but they're not doing business until we get the war solved",
    1320,
    1404,
    "They want to do business, but they're not doing business until we get the war solved",
  ],
  [
    "trump-warns-of-repercussions",
    "PARAPHRASE",
    "donald-trump",
    "issued a warning",
    null,
    ["ending-the-war-in-ukraine"],
    "Trump warned Putin there would be serious repercussions if no progress is made toward ending the war.",
    1475,
    1556,
    "there would be serious repercussions if no progress is made toward ending the war",
  ],
  [
    "trump-save-lives",
    "DIRECT_QUOTE",
    "donald-trump",
    "asserted",
    null,
    ["ending-the-war-in-ukraine"],
    "I'm not doing this for my health, okay? I don't need it. I'd like to focus on our country, but I'm doing this to save a lot of lives",
    1559,
    1691,
    "I'm not doing this for my health, okay? I don't need it. I'd like to focus on our country, but I'm doing this to save a lot of lives",
  ],
  [
    "european-leaders-ceasefire-and-guarantees-first",
    "PARAPHRASE",
    "european-leaders",
    "emphasizing",
    "european-leaders-trump-conversation-2025-08-13",
    ["ukraine-ceasefire", "security-guarantees-for-ukraine"],
    "Putin must agree to a ceasefire and provide security guarantees for Ukraine before any meaningful peace negotiations can commence.",
    1852,
    1997,
    "the necessity for Putin to agree to a ceasefire and provide security guarantees for Ukraine before any meaningful peace negotiations can commence",
  ],
  [
    "trump-open-to-security-guarantees",
    "PARAPHRASE",
    "donald-trump",
    "indicated",
    null,
    ["security-guarantees-for-ukraine"],
    "Trump is open to collaborating with European nations to offer security guarantees for Ukraine.",
    2010,
    2118,
    "Trump indicated his openness to collaborating with European nations to offer security guarantees for Ukraine",
  ],
  [
    "trump-guarantees-not-nato",
    "PARAPHRASE",
    "donald-trump",
    "firmly noted",
    null,
    ["security-guarantees-for-ukraine", "ukraine-nato-membership"],
    "Security guarantees for Ukraine would not entail Ukraine joining NATO.",
    2124,
    2187,
    "he firmly noted that this would not entail Ukraine joining NATO",
  ],
  [
    "trump-raises-land-swap",
    "PARAPHRASE",
    "donald-trump",
    "broached",
    null,
    ["territorial-exchange"],
    "Trump raised the idea of a land swap between Russia and Ukraine.",
    2219,
    2298,
    "Trump broached the controversial idea of a land swap between Russia and Ukraine",
  ],
  [
    "zelenskyy-ceding-territory-unconstitutional",
    "PARAPHRASE",
    "volodymyr-zelenskyy",
    "argues",
    null,
    ["territorial-exchange"],
    "Ceding territory would violate Ukraine's constitution.",
    2409,
    2462,
    "ceding territory would violate Ukraine's constitution",
  ],
  [
    "trump-land-exchanges-on-agenda-ukraine-decides",
    "PARAPHRASE",
    "donald-trump",
    "acknowledged",
    null,
    ["territorial-exchange"],
    "Discussions about potential land exchanges would be on the agenda, but the decision ultimately lies with Ukraine.",
    2497,
    2649,
    "he acknowledged that discussions about potential land exchanges would be on the agenda, but he emphasized that the decision ultimately lies with Ukraine",
  ],
  [
    "trump-ukraine-makes-that-decision",
    "DIRECT_QUOTE",
    "donald-trump",
    "concluded",
    null,
    ["territorial-exchange"],
    "I've got to let Ukraine make that decision. And I think they'll make a proper decision. But I'm not here to negotiate for Ukraine. I'm here to get them at a table",
    2652,
    2814,
    "I've got to let Ukraine make that decision. And I think they'll make a proper decision. But I'm not here to negotiate for Ukraine. I'm here to get them at a table",
  ],
];

/** Positions derived from them: stance, holder, topic, summary, evidencing statements (keys, source order). */
const POSITIONS: [string, string, string, string, string[]][] = [
  [
    "SUPPORTS",
    "donald-trump",
    "ending-the-war-in-ukraine",
    "Wants the war in Ukraine ended swiftly and warns Putin of serious repercussions if there is no progress.",
    ["trump-campaign-commitment", "trump-warns-of-repercussions", "trump-save-lives"],
  ],
  [
    "CONDITIONAL",
    "donald-trump",
    "us-russia-trade",
    "Willing to discuss business and trade with Putin, but no expanded commercial ties until the war is solved.",
    [
      "trump-willing-to-discuss-trade",
      "trump-no-commercial-ties-until-violence-ceases",
      "trump-not-doing-business-until-war-solved",
    ],
  ],
  [
    "SUPPORTS",
    "european-leaders",
    "ukraine-ceasefire",
    "Putin must agree to a ceasefire before any meaningful peace negotiations.",
    ["european-leaders-ceasefire-and-guarantees-first"],
  ],
  [
    "SUPPORTS",
    "european-leaders",
    "security-guarantees-for-ukraine",
    "Security guarantees for Ukraine must be provided before any meaningful peace negotiations.",
    ["european-leaders-ceasefire-and-guarantees-first"],
  ],
  [
    "OPEN",
    "donald-trump",
    "security-guarantees-for-ukraine",
    "Open to offering Ukraine security guarantees together with European nations, though not Ukraine's joining NATO.",
    ["trump-open-to-security-guarantees", "trump-guarantees-not-nato"],
  ],
  [
    "OPPOSES",
    "donald-trump",
    "ukraine-nato-membership",
    "Rules out Ukraine joining NATO as part of security guarantees for Ukraine.",
    ["trump-guarantees-not-nato"],
  ],
  [
    "DEFERS",
    "donald-trump",
    "territorial-exchange",
    "Raised a land swap and puts land exchanges on the agenda, but leaves the decision to Ukraine.",
    ["trump-raises-land-swap", "trump-land-exchanges-on-agenda-ukraine-decides", "trump-ukraine-makes-that-decision"],
  ],
  [
    "OPPOSES",
    "volodymyr-zelenskyy",
    "territorial-exchange",
    "Resists a land swap; ceding territory would violate Ukraine's constitution.",
    ["zelenskyy-ceding-territory-unconstitutional"],
  ],
];

const NAMES: Record<string, string> = {
  "donald-trump": "Donald Trump",
  "vladimir-putin": "Vladimir Putin",
  "volodymyr-zelenskyy": "Volodymyr Zelenskyy",
  "karoline-leavitt": "Karoline Leavitt",
  "european-leaders": "European leaders",
};
const TOPIC_NAMES: Record<string, string> = {
  "ending-the-war-in-ukraine": "Ending the war in Ukraine",
  "ukraine-ceasefire": "Ceasefire in Ukraine",
  "security-guarantees-for-ukraine": "Security guarantees for Ukraine",
  "ukraine-nato-membership": "Ukraine's NATO membership",
  "territorial-exchange": "Land swap",
  "us-russia-trade": "US–Russia business and trade",
};

describe("the frontend's first query", () => {
  it("works on the shared article, unchanged", () => {
    expect(createHash("sha256").update(ARTICLE_TEXT).digest("hex")).toBe(
      "d5a2d3a0dbfb2f3e9e99a79bb3cfb4fbc6059e39286de5b7ecd7679cc53944c4",
    );
  });

  it("returns the summit's whole context in one round trip", async () => {
    const { db } = fixture.database;
    const idOf = async (type: NodeTypeName, row: Promise<{ id: number }>) => toGlobalId(type, (await row).id);
    const person = (slug: string) => idOf("Person", db.actor.findUniqueOrThrow({ where: { slug } }));
    const statementIds = new Map(
      (await db.statement.findMany()).map((row) => [row.key, toGlobalId("Statement", row.id)]),
    );
    const sourceId = await idOf("Source", db.source.findUniqueOrThrow({ where: { slug: "anchorage-summit-article" } }));

    const { status, body } = await fixture.server.query(SUMMIT_CONTEXT, { slug: "anchorage-summit-2025" });

    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        event: {
          id: await idOf("Event", db.event.findUniqueOrThrow({ where: { slug: "anchorage-summit-2025" } })),
          slug: "anchorage-summit-2025",
          title: "Trump–Putin summit in Anchorage",
          kind: "SUMMIT",
          startsAt: "2025-08-15T19:00:00.000Z",
          timeZone: "America/Anchorage",
          timePrecision: "MINUTE",
          status: "HELD",
          location: {
            name: "Joint Base Elmendorf-Richardson",
            locality: "Anchorage",
            region: "Alaska",
            country: "United States",
          },
          participants: [
            {
              role: "PRINCIPAL",
              actor: {
                __typename: "Person",
                id: await person("donald-trump"),
                slug: "donald-trump",
                name: "Donald Trump",
              },
            },
            {
              role: "PRINCIPAL",
              actor: {
                __typename: "Person",
                id: await person("vladimir-putin"),
                slug: "vladimir-putin",
                name: "Vladimir Putin",
              },
            },
          ],
          subEvents: [
            {
              slug: "anchorage-summit-2025-press-conference",
              title: "Joint press conference after the Anchorage summit",
              kind: "PRESS_CONFERENCE",
              startsAt: "2025-08-15T08:00:00.000Z",
              status: "SCHEDULED",
            },
          ],
          statements: {
            totalCount: 15,
            pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
            edges: STATEMENTS.map(([key, kind, speaker, verb, occasion, topics, text, start, end, exact]) => ({
              cursor: expect.any(String),
              node: {
                id: statementIds.get(key),
                kind,
                text,
                verb,
                speaker: {
                  __typename: speaker === "european-leaders" ? "CollectiveActor" : "Person",
                  slug: speaker,
                  name: NAMES[speaker],
                },
                occasion: occasion === null ? null : { slug: occasion },
                topics: topics.map((slug) => ({ slug })),
                provenance: {
                  source: { id: sourceId },
                  start,
                  end,
                  exact,
                  prefix: ARTICLE.slice(Math.max(0, start - 32), start).join(""),
                  suffix: ARTICLE.slice(end, end + 32).join(""),
                },
              },
            })),
          },
          positions: {
            totalCount: 8,
            nodes: POSITIONS.map(([stance, holder, topic, summary, evidence]) => ({
              stance,
              summary,
              holder: { slug: holder, name: NAMES[holder] },
              topic: { slug: topic, name: TOPIC_NAMES[topic] },
              evidence: { nodes: evidence.map((key) => ({ id: statementIds.get(key) })) },
            })),
          },
        },
      },
    });
    const statements = (
      body.data as { event: { statements: { pageInfo: { endCursor: string }; edges: { cursor: string }[] } } }
    ).event.statements;
    expect(statements.pageInfo.endCursor).toBe(statements.edges[14]!.cursor);
  });

  it("serves every direct quote of the article, verbatim, attributed to Trump with the article's verb", async () => {
    const { body } = await fixture.server.query(`{
      statements(filter: { kinds: [DIRECT_QUOTE] }) { nodes { text verb speaker { slug } provenance { exact } } }
    }`);
    const quotedInArticle = [...ARTICLE_TEXT.matchAll(/"([^"]+)"/g)].map((match) => match[1]!.replace(/,$/, ""));
    expect(quotedInArticle).toHaveLength(4);
    expect(body).toEqual({
      data: {
        statements: {
          nodes: quotedInArticle.map((text, index) => ({
            text,
            verb: ["remarked", "stated", "asserted", "concluded"][index],
            speaker: { slug: "donald-trump" },
            provenance: { exact: text },
          })),
        },
      },
    });
  });

  it("marks what the article does not say: the summit's date and that it was held are background", async () => {
    const { body } = await fixture.server.query(`{
      events(orderBy: { field: STARTS_AT, direction: ASC }) { nodes { slug status statusBasis timePrecision timeBasis } }
    }`);
    expect(body).toEqual({
      data: {
        events: {
          nodes: [
            {
              slug: "european-leaders-trump-conversation-2025-08-13",
              status: "HELD",
              statusBasis: "SOURCE",
              timePrecision: "DAY",
              timeBasis: "DERIVED",
            },
            {
              slug: "air-force-one-briefing-2025-08-15",
              status: "HELD",
              statusBasis: "SOURCE",
              timePrecision: "DAY",
              timeBasis: "DERIVED",
            },
            {
              slug: "anchorage-summit-2025-press-conference",
              status: "SCHEDULED",
              statusBasis: "SOURCE",
              timePrecision: "DAY",
              timeBasis: "DERIVED",
            },
            {
              slug: "anchorage-summit-2025",
              status: "HELD",
              statusBasis: "BACKGROUND",
              timePrecision: "MINUTE",
              timeBasis: "DERIVED",
            },
          ],
        },
      },
    });
  });
});
