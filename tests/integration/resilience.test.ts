import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { Db } from "../../src/db/client";
import { createDb } from "../../src/db/client";
import { applyMigrations } from "../../src/db/migrate";
import { seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import { createApiKey } from "../../src/auth/keys";
import type { OwnPostgres } from "../helpers/own-postgres";
import { createOwnPostgres } from "../helpers/own-postgres";
import type { TestServer } from "../helpers/server";
import { LEVEL, startTestServer } from "../helpers/server";

const PAGE = `{ statements(first: 5) { nodes { text } } }`;

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** Polls `attempt` until it returns true, for at most `withinMs`; resolves with the time it took. */
async function until(attempt: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await attempt().catch(() => false)) return Date.now() - started;
    await delay(100);
  }
  throw new Error(`not within ${withinMs} ms`);
}

describe("a database that goes away and comes back", () => {
  let postgres: OwnPostgres;
  let db: Db;
  let server: TestServer;
  beforeAll(async () => {
    postgres = await createOwnPostgres();
    await applyMigrations(postgres.url);
    const seeding = createDb(postgres.url);
    await seedDefault(seeding);
    await seeding.$disconnect();
    db = createDb(postgres.url, { statementTimeoutMs: 5_000, connectTimeoutMs: 1_000 });
    server = await startTestServer(db);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await postgres?.remove();
  });

  it("answers SERVICE_UNAVAILABLE fast while it is down, logs the outage once, and resumes by itself", async () => {
    expect((await server.query(PAGE)).status).toBe(200);
    await postgres.stop();

    const started = Date.now();
    const down = await server.query(PAGE);
    // Generous: the bound that matters is the connect timeout (1 s) plus a second.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(down.body).toEqual({
      data: null,
      errors: [
        {
          message:
            "The database cannot be reached right now; the server keeps trying and resumes by itself. Retry in a few seconds.",
          locations: [{ line: 1, column: 3 }],
          path: ["statements"],
          extensions: { code: "SERVICE_UNAVAILABLE" },
        },
      ],
    });
    const more = await Promise.all(Array.from({ length: 20 }, () => server.query(PAGE)));
    expect(more.map((response) => response.status)).toEqual(Array(20).fill(503));
    expect(await get(new URL("/health/live", server.url).href)).toEqual({ status: 200, body: { status: "ok" } });
    const ready = await get(new URL("/health/ready", server.url).href);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: "unavailable", reason: expect.stringMatching(/^database unreachable/) });
    // One line for the outage, not a stack per request.
    expect(server.logged.filter((line) => line.msg.startsWith("database unreachable"))).toHaveLength(1);
    expect(server.errorsLogged()).toEqual([]);
    expect(server.logged.filter((line) => line.err !== undefined)).toEqual([]);

    await postgres.start();
    const resumedIn = await until(async () => (await server.query(PAGE)).status === 200, 10_000);
    expect(resumedIn).toBeLessThan(5_000);
    await until(async () => server.logged.some((line) => line.msg.startsWith("database reachable again")), 5_000);
    expect(await get(new URL("/health/ready", server.url).href)).toEqual({ status: 200, body: { status: "ok" } });
  }, 60_000);
});

describe("a table locked for longer than requests may wait", () => {
  let database: TestDatabase;
  let locker: pg.Client;
  // Outside the locker's transaction, whose view of pg_stat_activity would stay as first read.
  let observer: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDefault(database.db);
    locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    observer = new pg.Client({ connectionString: database.url });
    await observer.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await observer?.end();
    await database?.drop();
  });

  async function lock(): Promise<void> {
    await locker.query(`BEGIN; LOCK TABLE "Statement" IN ACCESS EXCLUSIVE MODE`);
  }
  const unlock = () => locker.query("COMMIT");

  /** Backends of the test database waiting for a lock: the requests' statements still running. */
  async function waiting(): Promise<number> {
    const { rows } = await observer.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return rows[0]!.n;
  }

  async function serverWith(
    options: { statementTimeoutMs: number; requestTimeoutMs: number },
    body: (server: TestServer) => Promise<void>,
  ): Promise<void> {
    const db = createDb(database.url, {
      statementTimeoutMs: options.statementTimeoutMs,
      connectTimeoutMs: 1_000,
      poolSize: 3,
    });
    const server = await startTestServer(db, { requestTimeoutMs: options.requestTimeoutMs });
    try {
      await body(server);
    } finally {
      await unlock().catch(() => {});
      await server.stop();
      await db.$disconnect();
    }
  }

  it("answers TIMEOUT within the deadline while the pool is exhausted, readiness still answers, and the pool recovers", async () => {
    await serverWith({ statementTimeoutMs: 1_000, requestTimeoutMs: 4_000 }, async (server) => {
      await lock();
      const started = Date.now();
      const answers = Promise.all(Array.from({ length: 6 }, () => server.query(PAGE)));
      // Readiness has a connection of its own: it answers while every pooled one waits on the lock.
      await delay(200);
      expect(await get(new URL("/health/ready", server.url).href)).toEqual({ status: 200, body: { status: "ok" } });
      const timedOut = await answers;
      expect(Date.now() - started).toBeLessThan(15_000);
      for (const { status, headers, body } of timedOut) {
        expect({
          status,
          retryAfter: headers.get("retry-after"),
          codes: body.errors?.map((e) => e.extensions?.code),
        }).toEqual({
          status: 503,
          retryAfter: "5",
          codes: ["TIMEOUT"],
        });
      }
      expect(timedOut[0]!.body.errors![0]!.message).toBe(
        "The request ran out of time and its database work was cancelled (REQUEST_TIMEOUT_MS, STATEMENT_TIMEOUT_MS). Retry later, or ask for less: smaller pages, fewer nested lists.",
      );
      await unlock();
      const after = await server.query(PAGE);
      expect(after.status).toBe(200);
      expect((after.body.data as { statements: { nodes: unknown[] } }).statements.nodes).toHaveLength(5);
    });
  }, 30_000);

  it("cancels a request's statements on the database when its deadline passes", async () => {
    // Statements could wait a minute; the request's 1 s deadline cancels them.
    await serverWith({ statementTimeoutMs: 60_000, requestTimeoutMs: 1_000 }, async (server) => {
      await lock();
      const started = Date.now();
      const answer = server.query(PAGE);
      await until(async () => (await waiting()) === 1, 5_000);
      const { status, body } = await answer;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(status).toBe(503);
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual(["TIMEOUT"]);
      await until(async () => (await waiting()) === 0, 5_000);
    });
  }, 30_000);

  it("cancels a request's statements when its client goes away", async () => {
    await serverWith({ statementTimeoutMs: 60_000, requestTimeoutMs: 60_000 }, async (server) => {
      await lock();
      const gone = new AbortController();
      const request = fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: PAGE }),
        signal: gone.signal,
      }).catch((error: Error) => error.name);
      await until(async () => (await waiting()) === 1, 5_000);
      gone.abort();
      expect(await request).toBe("AbortError");
      await until(async () => (await waiting()) === 0, 5_000);
    });
  }, 30_000);
});

/** What a server logged at warning level or above, by message, besides its lines per request. */
function warnings(server: TestServer): string[] {
  return server.logged.filter((line) => line.level >= LEVEL.warn && !("method" in line)).map((line) => line.msg);
}

describe("points budgets per client", () => {
  let database: TestDatabase;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDefault(database.db);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await database?.drop();
  });

  // 1 + 20 × (nodes 1 + speaker 1) = 41 points.
  const PRICED = `{ statements(first: 20) { nodes { speaker { slug } } } }`;

  async function serverWith(
    pointsPerMinute: number,
    redisUrl?: string,
    keyPrefix = `test:${randomBytes(6).toString("hex")}`,
  ) {
    const server = await startTestServer(database.db, { rateLimit: { pointsPerMinute, redisUrl, keyPrefix } });
    servers.push(server);
    return server;
  }

  async function asKey(server: TestServer, key: string) {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: PRICED }),
    });
    return { status: response.status, body: (await response.json()) as { extensions?: { cost?: unknown } } };
  }

  it("charges each operation its cost, says what is left, and refuses with 429 once the budget is spent", async () => {
    const server = await serverWith(100);
    // A key in use (seen valid by this server), before its address spends anything.
    const { key } = await createApiKey(database.db, "budget test", ["context:write"]);
    const fresh = await createApiKey(database.db, "never used", ["context:write"]);
    const lookups = database.queries.length;
    expect((await asKey(server, key)).status).toBe(200);
    // (Each lookup shows among the statements sent, as one would below.)
    expect(database.queries.slice(lookups).filter((sql) => sql.includes('"ApiKey"'))).toHaveLength(1);
    const first = await server.query(PRICED);
    expect(first.status).toBe(200);
    expect(first.cost).toEqual({ requested: 41, limit: 1000, remaining: 59, resetsIn: expect.any(Number) });
    expect(first.headers.get("x-ratelimit-limit")).toBe("100");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("59");
    expect(first.headers.get("x-ratelimit-used")).toBe("41");
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect((await server.query(PRICED)).cost).toMatchObject({ remaining: 18 });

    const refused = await server.query(PRICED);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      errors: [
        {
          message: `Rate limit reached: this client may spend 100 points a minute (RATE_LIMIT_POINTS_PER_MINUTE), and a query costs what \`extensions.cost.requested\` says. Retry in ${retryAfter} s.`,
          extensions: { code: "RATE_LIMITED" },
        },
      ],
    });
    // Spent: even the request's first point is refused, before its body is read.
    const spent = await server.query(`{ __typename }`);
    expect(spent.status).toBe(429);
    expect(spent.body.errors![0]!.extensions).toEqual({ code: "RATE_LIMITED" });
    // A key in use has a budget of its own, apart from its address's.
    expect((await asKey(server, key)).status).toBe(200);
    // Any other key, valid or invented, from an address that has spent its budget, is refused
    // before it is looked up: inventing keys buys no database queries.
    const queriesBefore = database.queries.length;
    expect((await asKey(server, `nck_${"C".repeat(43)}`)).status).toBe(429);
    expect((await asKey(server, fresh.key)).status).toBe(429);
    expect(database.queries.slice(queriesBefore).filter((sql) => sql.includes('"ApiKey"'))).toEqual([]);
  });

  it("shares one budget between two instances through Redis", async () => {
    const prefix = `test:${randomBytes(6).toString("hex")}`;
    const one = await serverWith(100, "redis://127.0.0.1:6379", prefix);
    const two = await serverWith(100, "redis://127.0.0.1:6379", prefix);
    expect((await one.query(PRICED)).cost).toMatchObject({ remaining: 59 });
    expect((await two.query(PRICED)).cost).toMatchObject({ remaining: 18 });
    expect((await one.query(PRICED)).status).toBe(429);
    expect((await two.query(`{ __typename }`)).status).toBe(429);
    expect(warnings(one)).toEqual([]);
  });

  it("keeps counting in memory when Redis cannot be reached, and says so once", async () => {
    const server = await serverWith(100, "redis://127.0.0.1:1");
    expect((await server.query(PRICED)).cost).toMatchObject({ remaining: 59 });
    expect((await server.query(PRICED)).cost).toMatchObject({ remaining: 18 });
    expect((await server.query(PRICED)).status).toBe(429);
    expect(warnings(server)).toEqual([
      expect.stringMatching(
        /^rate limits: Redis is unreachable \(.*\); budgets are kept in this process's memory until it returns$/,
      ),
    ]);
  });
});
