import { randomUUID } from "node:crypto";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";
import type { LogLine } from "../helpers/server";

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Three operations of known, different statement counts (the first is compiled to one; sql-count.test.ts). */
const OPERATIONS = {
  Summit: `query Summit { event(slug: "anchorage-summit-2025") { title participants { actor { name } } } }`,
  Matrix: `query Matrix { stanceMatrix(event: "anchorage-summit-2025") { rows { actor { name } cells { known stance } } } }`,
  LandSwap: `query LandSwap { search(query: "land swap", first: 5) { totalCount edges { rank node { __typename } } } }`,
} as const;
type OperationName = keyof typeof OPERATIONS;

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(fixture.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  return { status: response.status, requestId: response.headers.get("x-request-id")!, body };
}

/** The request's own line (an error logged for it carries its id too). */
function lineOf(requestId: string): LogLine {
  const lines = fixture.server.logged.filter((line) => line.requestId === requestId && "path" in line);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** Statements of one request, counted by Prisma's own query events (an independent count). */
async function statementsByPrisma(query: string): Promise<{ prisma: number; logged: number }> {
  fixture.database.queries.length = 0;
  const { requestId, body } = await post(query);
  expect(body.errors).toBeUndefined();
  return { prisma: fixture.database.queries.length, logged: lineOf(requestId).sqlStatements as number };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's text format, sample lines only; fails on any line it cannot read. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)",?/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(): Promise<(name: string, labels?: Record<string, string>) => number | undefined> {
  const response = await fetch(new URL("/metrics", fixture.server.url));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const samples = parseMetrics(await response.text());
  return (name, labels = {}) => {
    const found = samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
    if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} series`);
    return found[0]?.value;
  };
}

describe("request logs", () => {
  it("are one JSON line per request: id, method, path, status, duration, operation, error codes, SQL statements", async () => {
    const found = await post(OPERATIONS.Summit);
    expect(found.status).toBe(200);
    expect(lineOf(found.requestId)).toEqual({
      level: 30,
      time: expect.any(Number),
      requestId: found.requestId,
      method: "POST",
      path: "/graphql",
      status: 200,
      durationMs: expect.any(Number),
      operationName: "Summit",
      sqlStatements: 1,
      cost: 3,
      msg: "POST /graphql 200",
    });
    expect(lineOf(found.requestId).durationMs).toBeGreaterThan(0);

    const missing = await post(
      `query Missing { event(slug: "no-such-event") { slug } topic(slug: "weather") { slug } }`,
    );
    expect(lineOf(missing.requestId)).toMatchObject({
      status: 200,
      operationName: "Missing",
      errorCodes: ["NOT_FOUND", "NOT_FOUND"],
    });

    const invalid = await post(`{ nope }`);
    expect(invalid.status).toBe(400);
    const invalidLine = lineOf(invalid.requestId);
    expect(invalidLine).toMatchObject({ status: 400, errorCodes: ["GRAPHQL_VALIDATION_FAILED"], sqlStatements: 0 });
    // No operation was resolved, so none is named.
    expect(invalidLine).not.toHaveProperty("operationName");

    const anonymous = await post(`{ topics(first: 1) { totalCount } }`);
    expect(lineOf(anonymous.requestId)).toMatchObject({ operationName: null, sqlStatements: 1 });

    const health = await fetch(new URL("/healthz", fixture.server.url));
    const healthLine = lineOf(health.headers.get("x-request-id")!);
    // Readiness checks on a connection of its own, outside the pool the count is taken on.
    expect(healthLine).toMatchObject({ method: "GET", path: "/healthz", status: 200, sqlStatements: 0 });
    expect(healthLine).not.toHaveProperty("operationName");
  });

  it("count the statements Prisma reports sending, operation by operation", async () => {
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      await post(OPERATIONS[name]); // a first request may start background work of its own
      const { prisma, logged } = await statementsByPrisma(OPERATIONS[name]);
      expect({ name, logged }).toEqual({ name, logged: prisma });
    }
  });

  it("take the client's x-request-id when it is a plain token of up to 100 characters, else make one", async () => {
    const kept = ["trace-0001", "a.B_c-9", "x".repeat(100)];
    for (const id of kept) {
      const { requestId } = await post(OPERATIONS.Summit, { "x-request-id": id });
      expect(requestId).toBe(id);
      expect(lineOf(id).requestId).toBe(id);
    }
    const refused = ["x".repeat(101), "has space", "semi;colon", 'quote"d', "ünïcode", ""];
    const made = new Set<string>();
    for (const id of refused) {
      const { requestId } = await post(OPERATIONS.Summit, { "x-request-id": id });
      expect(requestId).toMatch(UUID);
      expect(lineOf(requestId).status).toBe(200);
      made.add(requestId);
    }
    const { requestId } = await post(OPERATIONS.Summit);
    expect(requestId).toMatch(UUID);
    made.add(requestId);
    expect(made.size).toBe(refused.length + 1);
  });

  it("log an unexpected failure outside GraphQL at error level, under the id the client receives", async () => {
    const before = fixture.server.logged.length;
    // The speaker's slug is looked up before the export starts streaming.
    await fixture.database.db.$executeRawUnsafe(`ALTER TABLE "Actor" RENAME TO "ActorMoved"`);
    let requestId: string;
    try {
      const response = await fetch(new URL("/export/statements.ndjson?speaker=donald-trump", fixture.server.url), {
        headers: { "x-request-id": "export-failure-1" },
      });
      expect(response.status).toBe(500);
      requestId = response.headers.get("x-request-id")!;
      expect(await response.json()).toEqual({
        errors: [
          {
            message: "Internal server error. The server log has the details, under this response's x-request-id.",
            extensions: { code: "INTERNAL_SERVER_ERROR" },
          },
        ],
      });
    } finally {
      await fixture.database.db.$executeRawUnsafe(`ALTER TABLE "ActorMoved" RENAME TO "Actor"`);
    }
    expect(requestId).toBe("export-failure-1");
    const lines = fixture.server.logged.slice(before);
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, requestId, msg: "unexpected error" }),
      expect.objectContaining({ level: 50, requestId, path: "/export/statements.ndjson", status: 500 }),
    ]);
    expect(lines[0]!.err!.message).toMatch(/Actor.*does not exist/);
    expect(lines[1]).not.toHaveProperty("err");
  });
  it("log a failure midway through a streamed export, after its headers went out, under the same id", async () => {
    const before = fixture.server.logged.length;
    await fixture.database.db.$executeRawUnsafe(`ALTER TABLE "Statement" RENAME TO "StatementMoved"`);
    let requestId: string | null = null;
    try {
      // The CSV header line is sent before the first batch is read, and fails.
      const response = await fetch(new URL("/export/statements.csv", fixture.server.url));
      requestId = response.headers.get("x-request-id");
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    } finally {
      await fixture.database.db.$executeRawUnsafe(`ALTER TABLE "StatementMoved" RENAME TO "Statement"`);
    }
    expect(requestId).toMatch(UUID);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const errors = fixture.server.errorsLogged(before);
    expect(errors).toEqual([expect.objectContaining({ requestId, msg: "unexpected error" })]);
    expect(errors[0]!.err!.message).toMatch(/Statement.*does not exist/);
    expect(lineOf(requestId!)).toMatchObject({ path: "/export/statements.csv", status: 200, aborted: true });
  });
});

describe("SQL statements per request, under concurrency", () => {
  it("are counted for the request that sent them", async () => {
    const names = Object.keys(OPERATIONS) as OperationName[];
    const alone = new Map<OperationName, number>();
    for (const name of names) {
      await post(OPERATIONS[name]);
      alone.set(name, (await statementsByPrisma(OPERATIONS[name])).logged);
    }
    // Different counts, so a statement counted for the wrong request shows.
    expect(new Set(alone.values()).size).toBe(names.length);
    expect(alone.get("Summit")).toBe(1);

    // More at once than the pool has connections (10), so some wait for one.
    fixture.database.queries.length = 0;
    const burst = names.flatMap((name) => Array.from({ length: 12 }, () => name));
    const answers = await Promise.all(
      burst.map(async (name) => {
        const id = `burst-${name}-${randomUUID()}`;
        const { body } = await post(OPERATIONS[name], { "x-request-id": id });
        expect(body.errors).toBeUndefined();
        return { name, id };
      }),
    );
    const counted = answers.map(({ name, id }) => ({ name, sqlStatements: lineOf(id).sqlStatements }));
    expect(counted).toEqual(answers.map(({ name }) => ({ name, sqlStatements: alone.get(name) })));
    // And none went uncounted: Prisma saw as many as the requests' lines add up to.
    expect(counted.reduce((sum, { sqlStatements }) => sum + (sqlStatements as number), 0)).toBe(
      fixture.database.queries.length,
    );
  });
});

describe("/metrics", () => {
  it("counts requests by operation, errors by code, statements per request; reports the pool and Node", async () => {
    const operation = `MetricsProbe${randomUUID().slice(0, 8)}`;
    const before = await scrape();
    const routeBefore = before("http_requests_total", { route: "/graphql", operation: "(anonymous)", status: "200" });
    const notFoundBefore = before("graphql_errors_total", { code: "NOT_FOUND" }) ?? 0;
    const statementsBefore = before("http_request_sql_statements_sum", { route: "/graphql" }) ?? 0;
    const statementCountBefore = before("http_request_sql_statements_count", { route: "/graphql" }) ?? 0;

    const sent: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { body, requestId } = await post(`query ${operation} { event(slug: "anchorage-summit-2025") { title } }`);
      expect(body.errors).toBeUndefined();
      sent.push(requestId);
    }
    for (let i = 0; i < 2; i += 1) {
      sent.push((await post(`query ${operation}Missing { topic(slug: "weather") { slug } }`)).requestId);
    }
    const statements = sent.map((id) => lineOf(id).sqlStatements as number);
    expect(statements.slice(0, 3)).toEqual([1, 1, 1]);

    const after = await scrape();
    expect(after("http_requests_total", { route: "/graphql", operation, status: "200" })).toBe(3);
    expect(after("http_requests_total", { route: "/graphql", operation: `${operation}Missing`, status: "200" })).toBe(
      2,
    );
    expect(after("http_requests_total", { route: "/graphql", operation: "(anonymous)", status: "200" })).toBe(
      routeBefore,
    );
    expect(after("http_request_duration_seconds_count", { route: "/graphql", operation })).toBe(3);
    expect(after("http_request_duration_seconds_bucket", { route: "/graphql", operation, le: "+Inf" })).toBe(3);
    const seconds = after("http_request_duration_seconds_sum", { route: "/graphql", operation })!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(after("graphql_errors_total", { code: "NOT_FOUND" })).toBe(notFoundBefore + 2);
    // The five GraphQL requests, as their log lines count them (the scrapes are on another route).
    expect(after("http_request_sql_statements_count", { route: "/graphql" })).toBe(statementCountBefore + 5);
    expect(after("http_request_sql_statements_sum", { route: "/graphql" })).toBe(
      statementsBefore + statements.reduce((sum, count) => sum + count, 0),
    );
    expect(after("http_request_sql_statements_bucket", { route: "/graphql", le: "0" })).toBe(
      before("http_request_sql_statements_bucket", { route: "/graphql", le: "0" }),
    );
    // The earlier scrape was answered and counted.
    expect(after("http_requests_total", { route: "/metrics", operation: "", status: "200" })).toBeGreaterThanOrEqual(1);
    // Each of the five operations was priced.
    expect(after("graphql_query_cost_count")).toBe((before("graphql_query_cost_count") ?? 0) + 5);

    const total = after("pg_pool_connections")!;
    const idle = after("pg_pool_idle_connections")!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(10);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(total);
    expect(after("pg_pool_waiting_queries")).toBe(0);

    expect(after("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(after("nodejs_eventloop_lag_p99_seconds")).toBeGreaterThan(0);
    expect(after("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(after("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });
});
