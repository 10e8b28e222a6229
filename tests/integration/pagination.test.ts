import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
}

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { id }`;

async function eventStatements(args: string): Promise<Page> {
  const { body } = await fixture.server.query(
    `{ event(slug: "anchorage-summit-2025") { statements(${args}) { ${PAGE} } } }`,
  );
  expect(body.errors).toBeUndefined();
  return (body.data as { event: { statements: Page } }).event.statements;
}

describe("connections", () => {
  it("walks the summit's statements forward page by page, matching one big page", async () => {
    const all = await eventStatements("first: 100");
    expect(all.totalCount).toBe(15);
    expect(all.nodes).toHaveLength(15);
    expect(all.edges.map((edge) => edge.node)).toEqual(all.nodes);

    const walked: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Page = await eventStatements(after ? `first: 4, after: "${after}"` : "first: 4");
      pages += 1;
      expect(page.totalCount).toBe(15);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      walked.push(...page.nodes.map((node) => node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(walked).toEqual(all.nodes.map((node) => node.id));
  });

  it("walks backward with last/before to the same order", async () => {
    const all = await eventStatements("first: 100");
    const walked: string[] = [];
    const sizes: number[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page = await eventStatements(before ? `last: 6, before: "${before}"` : "last: 6");
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      sizes.push(page.nodes.length);
      walked.unshift(...page.nodes.map((node) => node.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(sizes).toEqual([6, 6, 3]);
    expect(walked).toEqual(all.nodes.map((node) => node.id));
  });

  it("refuses a cursor of one kind of list in another", async () => {
    const statements = await eventStatements("first: 1");
    const cursor = statements.pageInfo.endCursor!;
    const { body } = await fixture.server.query(`{ positions(after: "${cursor}") { totalCount } }`);
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: `"${cursor}" is not a cursor of this list. Use a \`cursor\`, \`startCursor\` or \`endCursor\` it returned.`,
          locations: [{ line: 1, column: 3 }],
          path: ["positions"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "after" },
        },
      ],
    });
  });

  it("defaults to 20 items and reports totals on root lists", async () => {
    const { body } = await fixture.server.query(`{
      events { totalCount nodes { slug } }
      people { totalCount nodes { slug } }
      actors(first: 3) { totalCount pageInfo { hasNextPage } nodes { slug } }
      topics { totalCount nodes { slug } }
      positions { totalCount }
      statements { totalCount }
      sources { totalCount nodes { slug } }
    }`);
    expect(body).toEqual({
      data: {
        events: {
          totalCount: 4,
          nodes: [
            { slug: "european-leaders-trump-conversation-2025-08-13" },
            { slug: "air-force-one-briefing-2025-08-15" },
            { slug: "anchorage-summit-2025-press-conference" },
            { slug: "anchorage-summit-2025" },
          ],
        },
        people: {
          totalCount: 4,
          nodes: [
            { slug: "donald-trump" },
            { slug: "karoline-leavitt" },
            { slug: "vladimir-putin" },
            { slug: "volodymyr-zelenskyy" },
          ],
        },
        actors: {
          totalCount: 9,
          pageInfo: { hasNextPage: true },
          nodes: [{ slug: "donald-trump" }, { slug: "european-leaders" }, { slug: "karoline-leavitt" }],
        },
        topics: {
          totalCount: 6,
          nodes: [
            { slug: "ukraine-ceasefire" },
            { slug: "ending-the-war-in-ukraine" },
            { slug: "territorial-exchange" },
            { slug: "security-guarantees-for-ukraine" },
            { slug: "us-russia-trade" },
            { slug: "ukraine-nato-membership" },
          ],
        },
        positions: { totalCount: 8 },
        statements: { totalCount: 15 },
        sources: { totalCount: 1, nodes: [{ slug: "anchorage-summit-article" }] },
      },
    });
  });
});
