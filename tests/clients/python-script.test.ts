import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

// Asynchronous on purpose: the server answering the script runs in this process.
const execFileAsync = promisify(execFile);
const SCRIPT = path.join(__dirname, "../../examples/notebook/news_context.py");

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

function runScript(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync("python3", [SCRIPT, "--url", fixture.server.url, ...args], { timeout: 30_000 });
}

const TRUMP = { slug: "donald-trump", name: "Donald Trump" };
const SOURCE = { slug: "anchorage-summit-article", title: "Trump meets Putin in Alaska (untitled news article)" };

/** The article's direct quotes in reading order (seed/anchorage-summit.context.yaml), with their spans. */
const DIRECT_QUOTES = [
  {
    text: "Look, he's a smart guy. He's been doing it for a long time, but so have I. We get along. It's a good respect level on both sides. And I think, you know, something is going to come up.",
    verb: "remarked",
    speaker: TRUMP,
    provenance: { start: 614, end: 797, source: SOURCE },
  },
  {
    text: "They want to do business, but they're not doing business until we get the war solved",
    verb: "stated",
    speaker: TRUMP,
    provenance: { start: 1320, end: 1404, source: SOURCE },
  },
  {
    text: "I'm not doing this for my health, okay? I don't need it. I'd like to focus on our country, but I'm doing this to save a lot of lives",
    verb: "asserted",
    speaker: TRUMP,
    provenance: { start: 1559, end: 1691, source: SOURCE },
  },
  {
    text: "I've got to let Ukraine make that decision. And I think they'll make a proper decision. But I'm not here to negotiate for Ukraine. I'm here to get them at a table",
    verb: "concluded",
    speaker: TRUMP,
    provenance: { start: 2652, end: 2814, source: SOURCE },
  },
];

/**
 * The seed's positions on the five summit topics: Trump OPEN on security guarantees, OPPOSES on
 * NATO membership, DEFERS on the land swap, CONDITIONAL on trade; European leaders SUPPORTS a
 * ceasefire and security guarantees; Zelenskyy OPPOSES the land swap. Rows are the holders, by name.
 */
const STANCE_MATRIX = {
  topics: [
    { slug: "ukraine-ceasefire", name: "Ceasefire in Ukraine" },
    { slug: "security-guarantees-for-ukraine", name: "Security guarantees for Ukraine" },
    { slug: "ukraine-nato-membership", name: "Ukraine's NATO membership" },
    { slug: "territorial-exchange", name: "Land swap" },
    { slug: "us-russia-trade", name: "US–Russia business and trade" },
  ],
  rows: [
    {
      actor: TRUMP,
      stances: {
        "ukraine-ceasefire": null,
        "security-guarantees-for-ukraine": "OPEN",
        "ukraine-nato-membership": "OPPOSES",
        "territorial-exchange": "DEFERS",
        "us-russia-trade": "CONDITIONAL",
      },
    },
    {
      actor: { slug: "european-leaders", name: "European leaders" },
      stances: {
        "ukraine-ceasefire": "SUPPORTS",
        "security-guarantees-for-ukraine": "SUPPORTS",
        "ukraine-nato-membership": null,
        "territorial-exchange": null,
        "us-russia-trade": null,
      },
    },
    {
      actor: { slug: "volodymyr-zelenskyy", name: "Volodymyr Zelenskyy" },
      stances: {
        "ukraine-ceasefire": null,
        "security-guarantees-for-ukraine": null,
        "ukraine-nato-membership": null,
        "territorial-exchange": "OPPOSES",
        "us-russia-trade": null,
      },
    },
  ],
};

describe("examples/notebook/news_context.py", () => {
  it("prints the direct quotes, the stance matrix and the paging result as one JSON document", async () => {
    const { stdout, stderr } = await runScript("--json");

    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({
      directQuotes: DIRECT_QUOTES,
      stanceMatrix: STANCE_MATRIX,
      // 15 statements, 4 a page: 4 + 4 + 4 + 3.
      paging: { connection: "statements", pageSize: 4, pages: 4, items: 15, totalCount: 15 },
    });
  });

  it("takes its endpoint from NEWS_CONTEXT_URL, or from PORT on localhost, when --url is not given", async () => {
    const expected = await runScript("--json");
    const env = { PATH: process.env.PATH };
    const viaUrl = await execFileAsync("python3", [SCRIPT, "--json"], {
      timeout: 30_000,
      env: { ...env, NEWS_CONTEXT_URL: fixture.server.url },
    });
    expect(viaUrl).toEqual(expected);
    // The test server listens on 127.0.0.1, which "localhost" reaches.
    const viaPort = await execFileAsync("python3", [SCRIPT, "--json"], {
      timeout: 30_000,
      env: { ...env, PORT: new URL(fixture.server.url).port },
    });
    expect(viaPort).toEqual(expected);
  });

  it("prints the stance matrix as an aligned table in text mode", async () => {
    const { stdout, stderr } = await runScript();

    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    const header = lines.findIndex((line) => line.startsWith("Actor "));
    expect(lines.slice(header, header + 5)).toEqual([
      "Actor                Ceasefire in Ukraine  Security guarantees for Ukraine  Ukraine's NATO membership  Land swap  US–Russia business and trade",
      "-------------------  --------------------  -------------------------------  -------------------------  ---------  ----------------------------",
      "Donald Trump         —                     OPEN                             OPPOSES                    DEFERS     CONDITIONAL",
      "European leaders     SUPPORTS              SUPPORTS                         —                          —          —",
      "Volodymyr Zelenskyy  —                     —                                —                          OPPOSES    —",
    ]);
    expect(stdout).toContain("Direct quotes (4)\n");
    expect(stdout).toContain(
      "Paging: read 15 statements in 4 pages of up to 4; totalCount is 15, so nothing was missed.\n",
    );
  });

  it("exits 1 with the server's error on stderr when the API answers with errors", async () => {
    const failure = await runScript("--json", "--page-size", "0").then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(failure).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        `error: GraphQL errors from ${fixture.server.url}:\n` +
        "  - `first` must be between 1 and 100 (got 0). [BAD_USER_INPUT] at statements\n",
    });
  });
});
