/**
 * extractContext runs on worker threads over real HTTP: a text longer than the request's deadline
 * allows is stopped and answered TIMEOUT (503, Retry-After) and the server serves on; a full queue
 * is answered SERVICE_UNAVAILABLE, not by holding the request.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { extractDraft } from "../../src/extract/draft";
import { MAX_EXTRACT_TEXT } from "../../src/modules/extract/extract.resolver";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

const PASSAGES = path.join(__dirname, "../extraction/passages");
const SHORT = readFileSync(path.join(PASSAGES, "91-drought-ministry.txt"), "utf8");
/** The fictional passages end to end, cut to the longest text the query takes: about a second's work. */
const LONG = (() => {
  const all = readdirSync(PASSAGES)
    .filter((name) => name.endsWith(".txt"))
    .map((name) => readFileSync(path.join(PASSAGES, name), "utf8"))
    .join("\n\n");
  let text = all;
  while (text.length < MAX_EXTRACT_TEXT) text += `\n\n${all}`;
  return text.slice(0, MAX_EXTRACT_TEXT);
})();
const QUERY = `query($text: String!) { extractContext(text: $text) }`;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("extractContext on worker threads", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("stops an extraction at the request's deadline with TIMEOUT, and serves the next request", async () => {
    server = await startTestServer(database.db, { requestTimeoutMs: 100, extraction: { threads: 1 } });
    const late = await server.query(QUERY, { text: LONG });
    expect(late.status).toBe(503);
    expect(late.headers.get("retry-after")).toBe("5");
    expect(late.body).toEqual({
      data: null,
      errors: [
        {
          message:
            "The extraction ran out of time (REQUEST_TIMEOUT_MS) and was stopped. Retry later, or send a shorter text.",
          path: ["extractContext"],
          locations: [{ line: 1, column: 25 }],
          extensions: { code: "TIMEOUT" },
        },
      ],
    });
    // A short text fits the same deadline once a fresh thread has started (which, on a busy
    // machine, may take longer than the deadline: asked again for up to a minute).
    const giveUpAt = Date.now() + 60_000;
    let next = await server.query(QUERY, { text: "A sentence with no quotes." });
    while (next.status !== 200 && Date.now() < giveUpAt) {
      expect(next.body.errors?.[0]?.extensions).toEqual({ code: "TIMEOUT" });
      await new Promise((resolve) => setTimeout(resolve, 200));
      next = await server.query(QUERY, { text: "A sentence with no quotes." });
    }
    expect(next.status).toBe(200);
    expect(next.body).toEqual({
      data: { extractContext: JSON.parse(JSON.stringify(extractDraft("A sentence with no quotes."))) },
    });
    expect(server.errorsLogged()).toEqual([]);
  });

  it("answers SERVICE_UNAVAILABLE when every thread is at work and the queue is full", async () => {
    server = await startTestServer(database.db, { requestTimeoutMs: 120_000, extraction: { threads: 1, queue: 1 } });
    const answers = await Promise.all(Array.from({ length: 6 }, () => server!.query(QUERY, { text: LONG })));
    const busy = answers.filter((answer) => answer.status === 503);
    const served = answers.filter((answer) => answer.status === 200);
    expect(busy.length + served.length).toBe(6);
    // One thread and one place in the queue: at most two of six sent at once are taken.
    expect(served.length).toBeGreaterThanOrEqual(1);
    expect(served.length).toBeLessThanOrEqual(2);
    const draft = JSON.parse(JSON.stringify(extractDraft(LONG))) as unknown;
    for (const answer of served) expect(answer.body).toEqual({ data: { extractContext: draft } });
    for (const answer of busy) {
      expect(answer.headers.get("retry-after")).toBe("5");
      expect(answer.body).toEqual({
        data: null,
        errors: [
          {
            message:
              "The extractor is busy: its 1 thread(s) are at work and its queue of 1 text(s) is full (EXTRACT_THREADS, EXTRACT_QUEUE). Retry in a few seconds.",
            path: ["extractContext"],
            locations: [{ line: 1, column: 25 }],
            extensions: { code: "SERVICE_UNAVAILABLE" },
          },
        ],
      });
    }
    // Refusals leave the server as it was: a short text is served once the queue drains.
    const after = await server.query(QUERY, { text: SHORT });
    expect(after.status).toBe(200);
    expect(server.errorsLogged()).toEqual([]);
  });
});
