import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

async function nodes(query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const { body } = await fixture.server.query(query, variables);
  expect(body.errors).toBeUndefined();
  const [list] = Object.values(body.data!) as { nodes: unknown[] }[];
  return list!.nodes;
}

const text = (value: string) => ({ text: value });

describe("statements(filter, orderBy)", () => {
  it("by speaker, topic and kind together", async () => {
    expect(
      await nodes(
        `{ statements(filter: { speakers: ["donald-trump"], topics: ["territorial-exchange"], kinds: [DIRECT_QUOTE] }) { nodes { text } } }`,
      ),
    ).toEqual([
      text(
        "I've got to let Ukraine make that decision. And I think they'll make a proper decision. But I'm not here to negotiate for Ukraine. I'm here to get them at a table",
      ),
    ]);
  });

  it("by several speakers (OR) and by occasion", async () => {
    expect(
      await nodes(
        `{ statements(filter: { speakers: ["karoline-leavitt", "volodymyr-zelenskyy"] }) { nodes { text } } }`,
      ),
    ).toEqual([
      text("A joint press conference will follow the summit to discuss the outcomes of the meeting."),
      text("Ceding territory would violate Ukraine's constitution."),
    ]);
    expect(
      await nodes(
        `{ statements(filter: { occasions: ["european-leaders-trump-conversation-2025-08-13"] }) { nodes { speaker { slug } } } }`,
      ),
    ).toEqual([{ speaker: { slug: "european-leaders" } }]);
  });

  it("by date range, respecting precision: a DAY overlaps a range starting mid-day; undated never match", async () => {
    expect(
      await nodes(
        `{ statements(filter: { saidBetween: { from: "2025-08-13T12:00:00Z", to: "2025-08-14T00:00:00Z" } }) { nodes { timeText } } }`,
      ),
    ).toEqual([{ timeText: "on Wednesday" }]);
    expect(
      await nodes(`{ statements(filter: { saidBetween: { to: "2025-08-12T23:59:59Z" } }) { nodes { text } } }`),
    ).toEqual([]);
    expect(
      await nodes(`{ statements(filter: { saidBetween: { from: "2025-08-15T23:59:59Z" } }) { nodes { timeText } } }`),
    ).toEqual([
      { timeText: "During a media briefing aboard Air Force One en route to Alaska" },
      { timeText: "On Friday" },
      { timeText: "On Friday" },
      { timeText: "As Trump traveled to the summit" },
      { timeText: "As Trump traveled to the summit" },
    ]);
  });

  it("ordered by when said, latest first, undated last", async () => {
    const ordered = (await nodes(
      `{ statements(first: 100, orderBy: { field: SAID_AT, direction: DESC }) { nodes { saidAt } } }`,
    )) as {
      saidAt: string | null;
    }[];
    expect(ordered.map((s) => s.saidAt)).toEqual([
      ...Array(5).fill("2025-08-15T00:00:00.000Z"),
      "2025-08-13T00:00:00.000Z",
      ...Array(9).fill(null),
    ]);
  });

  it("refuses an inverted range, an unknown slug and an unknown enum value with BAD_USER_INPUT", async () => {
    const inverted = await fixture.server.query(
      `{ statements(filter: { saidBetween: { from: "2025-08-15T00:00:00Z", to: "2025-08-01T00:00:00Z" } }) { totalCount } }`,
    );
    expect(inverted.body).toEqual({
      data: null,
      errors: [
        {
          message: "`filter.saidBetween` ends (2025-08-01T00:00:00.000Z) before it starts (2025-08-15T00:00:00.000Z).",
          locations: [{ line: 1, column: 3 }],
          path: ["statements"],
          extensions: { code: "BAD_USER_INPUT", argumentName: "filter.saidBetween" },
        },
      ],
    });
    const unknown = await fixture.server.query(`{ statements(filter: { topics: ["weather"] }) { totalCount } }`);
    expect(unknown.body.errors).toEqual([
      {
        message: 'No topic has slug "weather" (in `filter.topics`).',
        locations: [{ line: 1, column: 3 }],
        path: ["statements"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "filter.topics" },
      },
    ]);
    const badEnum = await fixture.server.query(
      `query ($kinds: [StatementKind!]) { statements(filter: { kinds: $kinds }) { totalCount } }`,
      {
        kinds: ["RUMOUR"],
      },
    );
    expect(badEnum.body).toEqual({
      errors: [
        {
          message:
            'Variable "$kinds" got invalid value "RUMOUR" at "kinds[0]"; Value "RUMOUR" does not exist in "StatementKind" enum.',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
  });
  it("gives a bad value written in the document the same BAD_USER_INPUT as a variable", async () => {
    const written = await fixture.server.query(
      `{ positions(filter: { stances: [AGAINST] }) { totalCount } statements(filter: { saidBetween: { from: "last week" } }) { totalCount } }`,
    );
    expect(written.status).toBe(400);
    expect(written.body).toEqual({
      errors: [
        {
          message: 'Value "AGAINST" does not exist in "Stance" enum.',
          locations: [{ line: 1, column: 33 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
        {
          message:
            'DateTime must be an instant with its UTC offset, such as "2025-08-15T19:00:00Z" or "2025-08-15T11:00:00-08:00" (got "last week").',
          locations: [{ line: 1, column: 102 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    const bareDate = await fixture.server.query(
      `query ($range: InstantRange) { statements(filter: { saidBetween: $range }) { totalCount } }`,
      { range: { from: "2025-08-20" } },
    );
    expect(bareDate.body).toEqual({
      errors: [
        {
          message:
            'Variable "$range" got invalid value "2025-08-20" at "range.from"; DateTime must be an instant with its UTC offset, such as "2025-08-15T19:00:00Z" or "2025-08-15T11:00:00-08:00" (got "2025-08-20"); a date alone is not enough.',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    // An unknown input field is a bad value too, as it is in a variable; a misspelt argument is not.
    const misspelt = await fixture.server.query(
      `{ positions(filter: { stance: [OPPOSES] }) { totalCount } topics(frist: 2) { totalCount } }`,
    );
    expect(misspelt.body).toEqual({
      errors: [
        {
          message: 'Field "stance" is not defined by type "PositionFilter".',
          locations: [{ line: 1, column: 23 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
        {
          message: 'Unknown argument "frist" on field "Query.topics".',
          locations: [{ line: 1, column: 66 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ],
    });
  });
});

describe("dates outside the years 1 to 9999", () => {
  it("are refused with BAD_USER_INPUT, in the document or in a variable, for instants and calendar dates", async () => {
    const written = await fixture.server.query(
      `{ statements(filter: { saidBetween: { from: "0000-01-01T00:00:00Z" } }) { totalCount } }`,
    );
    expect(written.body).toEqual({
      errors: [
        {
          message: 'Dates must fall in the years 1 to 9999 (got "0000-01-01T00:00:00Z").',
          locations: [{ line: 1, column: 45 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    const passed = await fixture.server.query(
      `query ($range: DateRange) { positions(filter: { asOfBetween: $range }) { totalCount } }`,
      { range: { from: "0000-06-01" } },
    );
    expect(passed.body).toEqual({
      errors: [
        {
          message:
            'Variable "$range" got invalid value "0000-06-01" at "range.from"; Dates must fall in the years 1 to 9999 (got "0000-06-01").',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    // The first and last years are taken, and match what a range of ordinary years matches.
    const inRange = await fixture.server.query(
      `{ earliest: statements(filter: { saidBetween: { from: "0001-01-01T00:00:00Z" } }) { totalCount }
         since2000: statements(filter: { saidBetween: { from: "2000-01-01T00:00:00Z" } }) { totalCount }
         latest: positions(filter: { asOfBetween: { to: "9999-12-31" } }) { totalCount }
         all: positions { totalCount } }`,
    );
    expect(inRange.body).toEqual({
      data: {
        earliest: { totalCount: 6 },
        since2000: { totalCount: 6 },
        latest: { totalCount: 8 },
        all: { totalCount: 8 },
      },
    });
  });
});

describe("positions(filter, orderBy)", () => {
  it("by holder, topic, stance and date; ordered by holder name", async () => {
    expect(
      await nodes(
        `{ positions(filter: { stances: [OPPOSES] }, orderBy: { field: HOLDER_NAME, direction: DESC }) { nodes { holder { slug } topic { slug } } } }`,
      ),
    ).toEqual([
      { holder: { slug: "volodymyr-zelenskyy" }, topic: { slug: "territorial-exchange" } },
      { holder: { slug: "donald-trump" }, topic: { slug: "ukraine-nato-membership" } },
    ]);
    expect(
      await nodes(
        `{ positions(filter: { holders: ["european-leaders"], topics: ["ukraine-ceasefire"] }) { nodes { stance } } }`,
      ),
    ).toEqual([{ stance: "SUPPORTS" }]);
    expect(await nodes(`{ positions(filter: { asOfBetween: { from: "2025-08-16" } }) { nodes { stance } } }`)).toEqual(
      [],
    );
    const onTheDay = await nodes(
      `{ positions(filter: { asOfBetween: { from: "2025-08-15", to: "2025-08-15" } }) { nodes { stance } } }`,
    );
    expect(onTheDay).toHaveLength(8);
  });

  it("refuses an inverted date range", async () => {
    const { body } = await fixture.server.query(
      `{ positions(filter: { asOfBetween: { from: "2025-08-16", to: "2025-08-15" } }) { totalCount } }`,
    );
    expect(body.errors).toEqual([
      {
        message: "`filter.asOfBetween` ends (2025-08-15) before it starts (2025-08-16).",
        locations: [{ line: 1, column: 3 }],
        path: ["positions"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "filter.asOfBetween" },
      },
    ]);
  });
});

describe("events(filter, orderBy)", () => {
  it("by kind, status, participant and start, respecting precision; ordered by title", async () => {
    expect(await nodes(`{ events(filter: { statuses: [SCHEDULED] }) { nodes { slug } } }`)).toEqual([
      { slug: "anchorage-summit-2025-press-conference" },
    ]);
    expect(await nodes(`{ events(filter: { participants: ["european-leaders"] }) { nodes { slug } } }`)).toEqual([
      { slug: "european-leaders-trump-conversation-2025-08-13" },
    ]);
    // The summit starts at 19:00Z to the minute; the briefing is known only to the day (UTC).
    expect(
      await nodes(
        `{ events(filter: { kinds: [SUMMIT, BRIEFING], startsBetween: { from: "2025-08-15T19:01:00Z" } }) { nodes { slug } } }`,
      ),
    ).toEqual([{ slug: "air-force-one-briefing-2025-08-15" }]);
    expect(await nodes(`{ events(orderBy: { field: TITLE }) { nodes { title } } }`)).toEqual([
      { title: "European leaders speak with Trump" },
      { title: "Joint press conference after the Anchorage summit" },
      { title: "Media briefing aboard Air Force One" },
      { title: "Trump–Putin summit in Anchorage" },
    ]);
  });
});

describe("people and actors (filter, orderBy)", () => {
  it("by event taken part in, topic spoken on, kind; ordered by statement count", async () => {
    expect(await nodes(`{ people(filter: { participatedIn: ["anchorage-summit-2025"] }) { nodes { slug } } }`)).toEqual(
      [{ slug: "donald-trump" }, { slug: "vladimir-putin" }],
    );
    expect(
      await nodes(
        `{ people(filter: { topics: ["territorial-exchange"] }, orderBy: { field: STATEMENT_COUNT, direction: DESC }) { nodes { slug } } }`,
      ),
    ).toEqual([{ slug: "donald-trump" }, { slug: "volodymyr-zelenskyy" }]);
    expect(await nodes(`{ actors(filter: { kinds: [COUNTRY] }) { nodes { slug } } }`)).toEqual([
      { slug: "russia" },
      { slug: "ukraine" },
      { slug: "united-states" },
    ]);
  });
});
