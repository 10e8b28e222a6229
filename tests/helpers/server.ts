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
  };
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
  /** POSTs a GraphQL operation over real HTTP. */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
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
    async query(query, variables) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GraphQLResponse["body"],
      };
    },
    stop: () => server.stop(),
  };
}
