import type { GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { observeGraphQLPlugin } from "../../src/observability/http";
import { createLogger, prettyLine } from "../../src/observability/logger";
import { createMetrics, labelCap, routeOf } from "../../src/observability/metrics";
import { countSqlStatement, newRequestRecord, requestIdFrom, runForRequest } from "../../src/observability/request";

describe("requestIdFrom", () => {
  it("keeps a plain token of 1 to 100 characters and replaces anything else with a UUID", () => {
    expect(requestIdFrom("abc-DEF_1.2")).toBe("abc-DEF_1.2");
    expect(requestIdFrom("x".repeat(100))).toBe("x".repeat(100));
    for (const bad of [undefined, "", "x".repeat(101), "a b", "a,b", "é", ["a", "b"]]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe("countSqlStatement", () => {
  it("counts for the request whose work is running, and for none outside one", async () => {
    const a = newRequestRecord("a");
    const b = newRequestRecord("b");
    countSqlStatement();
    await Promise.all([
      runForRequest(a, async () => {
        countSqlStatement();
        await new Promise((resolve) => setTimeout(resolve, 5));
        countSqlStatement();
      }),
      runForRequest(b, async () => {
        await Promise.resolve();
        countSqlStatement();
      }),
    ]);
    expect([a.sqlStatements, b.sqlStatements]).toEqual([2, 1]);
  });
});

describe("prettyLine", () => {
  it("writes a JSON line as time, level, message and the other fields", () => {
    const time = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(prettyLine(JSON.stringify({ level: 30, time, msg: "GraphQL server ready at http://x/graphql" }))).toBe(
      "03:04:05.678 INFO  GraphQL server ready at http://x/graphql\n",
    );
    expect(
      prettyLine(
        JSON.stringify({
          level: 30,
          time,
          requestId: "r1",
          status: 200,
          errorCodes: ["NOT_FOUND"],
          msg: "POST /graphql 200",
        }),
      ),
    ).toBe('03:04:05.678 INFO  POST /graphql 200 requestId=r1 status=200 errorCodes=["NOT_FOUND"]\n');
  });

  it("puts an error's stack, indented, under its line, and passes a line that is not JSON through", () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      requestId: "r2",
      err: { type: "Error", message: "boom", stack: "Error: boom\n    at f (a.ts:1:1)" },
      msg: "unexpected error",
    });
    expect(prettyLine(line)).toBe(
      "00:00:00.000 ERROR unexpected error requestId=r2\n    Error: boom\n        at f (a.ts:1:1)\n",
    );
    expect(prettyLine("not json")).toBe("not json\n");
  });

  it("is what a pretty logger writes; json and auto (to a stream, not a terminal) write JSON", () => {
    const write = (format: "pretty" | "json" | "auto", level: "info" | "warn") => {
      const lines: string[] = [];
      const logger = createLogger({ level, format, destination: { write: (line: string) => void lines.push(line) } });
      logger.info({ requestId: "r3" }, "hello");
      logger.warn("careful");
      return lines;
    };
    expect(write("pretty", "info").map((line) => line.slice(13))).toEqual([
      "INFO  hello requestId=r3\n",
      "WARN  careful\n",
    ]);
    expect(write("json", "info").map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 30, time: expect.any(Number), requestId: "r3", msg: "hello" },
      { level: 40, time: expect.any(Number), msg: "careful" },
    ]);
    expect(write("auto", "warn").map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["careful"]);
  });
});

describe("labelCap", () => {
  it("keeps the first distinct values, cut to length, and counts the rest as (other)", () => {
    const cap = labelCap(3, 5);
    expect(["a", "b", "a", "longer-name", "c", "d", "a", "longe"].map(cap)).toEqual([
      "a",
      "b",
      "a",
      "longe",
      "(other)",
      "(other)",
      "a",
      "longe",
    ]);
  });

  it("holds 100 operation names of 64 characters by default", () => {
    const cap = labelCap();
    const names = Array.from({ length: 150 }, (_, i) => `Op${i}`);
    const labels = new Set(names.map(cap));
    expect(labels.size).toBe(101);
    expect(cap("Op99")).toBe("Op99");
    expect(cap("Op100")).toBe("(other)");
    expect(labelCap()("Q".repeat(500))).toBe("Q".repeat(64));
  });
});

describe("routeOf", () => {
  it("names the server's routes and nothing a client makes up", () => {
    expect(
      [
        "/",
        "/graphql",
        "/healthz",
        "/metrics",
        "/export/statements.csv",
        "/playground/app.js",
        "/sandbox",
        "/x",
        "/graphqlx",
      ].map(routeOf),
    ).toEqual(["/", "/graphql", "/healthz", "/metrics", "/export", "/playground", "/sandbox", "(other)", "(other)"]);
  });
});

describe("the query cost", () => {
  it("is read from the context by the GraphQL plugin and observed in graphql_query_cost", async () => {
    const metrics = createMetrics();
    const record = newRequestRecord("cost-1");
    const plugin = observeGraphQLPlugin<{ cost?: { requested: number } }>();
    await runForRequest(record, async () => {
      const hooks = await plugin.requestDidStart!({} as never);
      await hooks!.willSendResponse!({
        response: { body: { kind: "single", singleResult: { data: {} } }, http: {} },
        contextValue: { cost: { requested: 42 } },
      } as unknown as GraphQLRequestContextWillSendResponse<{ cost?: { requested: number } }>);
    });
    expect(record.cost).toBe(42);
    metrics.observeRequest(record, "/graphql", 200, 0.01);
    const text = await metrics.registry.metrics();
    expect(text).toContain("graphql_query_cost_count 1\n");
    expect(text).toContain("graphql_query_cost_sum 42\n");
    expect(text).toContain('graphql_query_cost_bucket{le="25"} 0\n');
    expect(text).toContain('graphql_query_cost_bucket{le="50"} 1\n');
  });
});
