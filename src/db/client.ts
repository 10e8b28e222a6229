import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

export interface DbOptions {
  /** Called with each SQL statement Prisma sends, e.g. to count them. */
  onQuery?: (sql: string) => void;
}

/** A Prisma client over node-postgres; no native Prisma engine is involved. */
export function createDb(connectionString: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString });
  const { onQuery } = options;
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return client;
}

/** The same server, another database: swaps the path of a PostgreSQL URL. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
