import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

export interface DbOptions {
  /** Called with each SQL statement Prisma sends and its parameters, e.g. to count or explain them. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/**
 * Planner costs for data that is cached or on SSD: a random page read costs little more than a
 * sequential one. With PostgreSQL's default (4, for spinning disks), a parent's page of children
 * is read with a bitmap scan and a sort of all its children whenever the parent's estimated
 * share is small, which for a busy speaker means thousands of rows instead of twenty. Cursors
 * keep sort keys as PostgreSQL prints them, so the printing is pinned too (ISO dates, float text
 * that reads back exactly).
 */
export const SESSION_OPTIONS = "-c random_page_cost=1.1 -c DateStyle=ISO -c extra_float_digits=1";

/**
 * The URL and session options to connect with: `options` in the URL (`?options=-c%20…`) would
 * replace ours in node-postgres, so it is taken out and appended to them; where both set one
 * parameter, the URL's setting wins.
 */
export function connectionSettings(connectionString: string): { connectionString: string; options: string } {
  const url = new URL(connectionString);
  const own = url.searchParams.get("options")?.trim();
  if (own === undefined) return { connectionString, options: SESSION_OPTIONS };
  url.searchParams.delete("options");
  return { connectionString: url.toString(), options: own ? `${SESSION_OPTIONS} ${own}` : SESSION_OPTIONS };
}

/** How many statement shapes a process prepares at most, and after how many sightings. */
const PREPARED_SHAPES = 100;
const SIGHTINGS_TO_PREPARE = 2;

/**
 * Names for the SQL the server sends again and again, so each connection parses and plans it
 * once (PostgreSQL may then keep a generic plan) instead of on every request: a compiled summit
 * query spends as long in the planner as in execution. A text is named once it has been seen
 * twice, and at most `PREPARED_SHAPES` texts are ever named, so queries of endless shapes (a
 * client's, or hostile ones) cannot grow the statements each connection keeps; past the cap,
 * statements run unnamed, planned each time, as before.
 */
export function statementNames(): (query: { sql: string }) => string {
  const named = new Map<string, string>();
  const sightings = new Map<string, number>();
  return ({ sql }) => {
    const known = named.get(sql);
    if (known !== undefined || named.size >= PREPARED_SHAPES) return known as string;
    const seen = (sightings.get(sql) ?? 0) + 1;
    if (seen < SIGHTINGS_TO_PREPARE) {
      if (sightings.size >= 10 * PREPARED_SHAPES) sightings.clear();
      sightings.set(sql, seen);
      return undefined as unknown as string;
    }
    sightings.delete(sql);
    const name = `nc_${createHash("sha256").update(sql).digest("base64url").slice(0, 22)}`;
    named.set(sql, name);
    return name;
  };
}

/** A Prisma client over node-postgres; no native Prisma engine is involved. */
export function createDb(connectionString: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg(connectionSettings(connectionString), { statementNameGenerator: statementNames() });
  const { onQuery } = options;
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query, JSON.parse(event.params || "[]") as unknown[]));
  return client;
}

/** The same server, another database: swaps the path of a PostgreSQL URL. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
