import type { Db } from "../../src/db/client";
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

export interface TestServer {
  url: string;
  /** POSTs a GraphQL operation over real HTTP. */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  logged: string[];
  stop(): Promise<void>;
}

export async function startTestServer(db: Db, options: Omit<ServerOptions, "db" | "log"> = {}): Promise<TestServer> {
  const logged: string[] = [];
  const server = await createServer({ ...options, db, log: (message) => logged.push(message) });
  const url = await server.listen(0, "127.0.0.1");
  return {
    url,
    logged,
    async query(query, variables) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
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
