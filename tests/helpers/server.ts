import type { Db } from "../../src/db/client";
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
        body: (await response.json()) as GraphQLResponse["body"],
      };
    },
    stop: () => server.stop(),
  };
}
