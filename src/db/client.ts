import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { countSqlStatement } from "../observability/request";
import { ScopedPool } from "./pool";

export type Db = PrismaClient;

export interface DbOptions {
  /** Called with each SQL statement Prisma sends and its parameters, e.g. to count or explain them. */
  onQuery?: (sql: string, params: unknown[]) => void;
  /** Longest a statement may run, in milliseconds (PostgreSQL's `statement_timeout`); unset, no limit. */
  statementTimeoutMs?: number;
  /** Longest wait for a connection, new or from the pool, in milliseconds; unset, no limit. */
  connectTimeoutMs?: number;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
}

/**
 * Planner costs for data that is cached or on SSD: a random page read costs little more than a
 * sequential one. With PostgreSQL's default (4, for spinning disks), a parent's page of children
 * is read with a bitmap scan and a sort of all its children whenever the parent's estimated
 * share is small, which for a busy speaker means thousands of rows instead of twenty.
 */
const PLANNER_OPTIONS = "-c random_page_cost=1.1";

/**
 * Cursors keep sort keys as PostgreSQL prints them, so the printing is pinned (ISO dates, float
 * text that reads back exactly): these come last, after any of the URL's, which cannot change them.
 */
const PINNED_OPTIONS = "-c DateStyle=ISO -c extra_float_digits=1";

export const SESSION_OPTIONS = `${PLANNER_OPTIONS} ${PINNED_OPTIONS}`;

/**
 * The URL and session options to connect with: `options` in the URL (`?options=-c%20…`) would
 * replace ours in node-postgres, so it is taken out and put between the planner's and the pinned
 * ones: the URL's settings win over the planner's, and cannot change how values print.
 */
export function connectionSettings(connectionString: string): { connectionString: string; options: string } {
  const url = new URL(connectionString);
  const own = url.searchParams.get("options")?.trim();
  if (own === undefined) return { connectionString, options: SESSION_OPTIONS };
  url.searchParams.delete("options");
  return {
    connectionString: url.toString(),
    options: own ? `${PLANNER_OPTIONS} ${own} ${PINNED_OPTIONS}` : SESSION_OPTIONS,
  };
}

/** How many statement texts a process prepares at most, how long one may be, and after how many sightings. */
const PREPARED_SHAPES = 100;
const PREPARED_MAX_LENGTH = 32_000;
const SIGHTINGS_TO_PREPARE = 2;

/**
 * Names for the SQL the server sends again and again, so each connection parses and plans it
 * once (PostgreSQL may then keep a generic plan) instead of on every request: a compiled summit
 * query spends as long in the planner as in execution. A text is named once it has been seen
 * twice; texts are remembered by digest, never kept whole; at most `PREPARED_SHAPES` texts of at
 * most `PREPARED_MAX_LENGTH` characters are ever named, so queries of endless or huge shapes (a
 * client's, or hostile ones) cannot grow what the process or each connection keeps. Past the cap,
 * statements run unnamed, planned each time, as before.
 */
export function statementNames(): (query: { sql: string }) => string {
  const named = new Set<string>();
  const sightings = new Map<string, number>();
  return ({ sql }) => {
    if (sql.length > PREPARED_MAX_LENGTH) return undefined as unknown as string;
    const name = `nc_${createHash("sha256").update(sql).digest("base64url").slice(0, 22)}`;
    if (named.has(name)) return name;
    if (named.size >= PREPARED_SHAPES) return undefined as unknown as string;
    const seen = (sightings.get(name) ?? 0) + 1;
    if (seen < SIGHTINGS_TO_PREPARE) {
      if (sightings.size >= 10 * PREPARED_SHAPES) sightings.clear();
      sightings.set(name, seen);
      return undefined as unknown as string;
    }
    sightings.delete(name);
    named.add(name);
    return name;
  };
}

export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** The connection pool's counts, for a client made by `createDb`. */
export function poolStats(db: Db): PoolStats | undefined {
  const pool = internals.get(db)?.pool;
  return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** A Prisma client over node-postgres; no native Prisma engine is involved. */
export function createDb(connectionString: string, options: DbOptions = {}): Db {
  const settings = connectionSettings(connectionString);
  const pool = new ScopedPool({
    ...settings,
    options:
      options.statementTimeoutMs === undefined
        ? settings.options
        : `${settings.options} -c statement_timeout=${options.statementTimeoutMs}`,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
  // An idle connection the database drops (a restart) is an event on the pool, not a crash.
  pool.on("error", () => {});
  const names = statementNames();
  const adapter = new PrismaPg(pool, {
    // The adapter asks for a name for every statement it sends, BEGIN and COMMIT included, in
    // the caller's asynchronous context: the one place that sees each statement of a request.
    statementNameGenerator: (query) => {
      countSqlStatement();
      return names(query);
    },
    disposeExternalPool: true,
  });
  const { onQuery } = options;
  let client: Db;
  if (!onQuery) client = new PrismaClient({ adapter });
  else {
    client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
    (client as PrismaClient<"query">).$on("query", (event) =>
      onQuery(event.query, JSON.parse(event.params || "[]") as unknown[]),
    );
  }
  internals.set(client, { pool, connectionString: settings.connectionString });
  return client;
}

const internals = new WeakMap<Db, { pool: ScopedPool; connectionString: string }>();

/** The pool under a client made by `createDb`, and the URL it connects to (without its options). */
export function internalsOf(db: Db): { pool: ScopedPool; connectionString: string } {
  const found = internals.get(db);
  if (!found) throw new Error("this database client was not made by createDb");
  return found;
}

/** The same server, another database: swaps the path of a PostgreSQL URL. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
