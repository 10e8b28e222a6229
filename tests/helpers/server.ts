import type { Db } from "../../src/db/client";
import { createLogger } from "../../src/observability/logger";
import type { ServerOptions } from "../../src/server";
import { createServer } from "../../src/server";

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
  /**
   * The response's `extensions.cost`, taken out of `body` so that tests of other behaviour can
   * assert whole bodies; tests/integration/limits.test.ts asserts it.
   */
  cost?: { requested: number; limit: number; remaining?: number; resetsIn?: number };
}

/** Splits a response body's `extensions.cost` from the rest of it. */
export function splitCost(body: GraphQLResponse["body"]): Pick<GraphQLResponse, "body" | "cost"> {
  const { cost, ...extensions } = (body.extensions ?? {}) as { cost?: GraphQLResponse["cost"] };
  const { extensions: _all, ...rest } = body;
  return { body: Object.keys(extensions).length > 0 ? { ...rest, extensions } : rest, cost };
}

/** A line the server logged, as the JSON object it wrote. */
export interface LogLine {
  level: number;
  time: number;
  msg: string;
  requestId?: string;
  err?: { type: string; message: string; stack: string };
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export interface TestServer {
  url: string;
  /** POSTs a GraphQL operation over real HTTP, with extra request headers if given. */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Every line logged so far, parsed. */
  logged: LogLine[];
  /** Lines at error level or above since the `from`-th line. */
  errorsLogged(from?: number): LogLine[];
  stop(): Promise<void>;
}

export async function startTestServer(db: Db, options: Omit<ServerOptions, "db" | "logger"> = {}): Promise<TestServer> {
  const logged: LogLine[] = [];
  // JSON whatever the terminal: each line is parsed, so a line that is not JSON fails the test.
  const logger = createLogger({
    level: "info",
    format: "json",
    destination: { write: (line: string) => void logged.push(JSON.parse(line) as LogLine) },
  });
  const server = await createServer({ ...options, db, logger });
  const url = await server.listen(0, "127.0.0.1");
  return {
    url,
    logged,
    errorsLogged: (from = 0) => logged.slice(from).filter((line) => line.level >= LEVEL.error),
    async query(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        ...splitCost((await response.json()) as GraphQLResponse["body"]),
      };
    },
    stop: () => server.stop(),
  };
}
