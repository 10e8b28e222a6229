import { availableParallelism } from "node:os";
import path from "node:path";
import type { QueryLimits } from "./common/limits";
import { DEFAULT_LIMITS } from "./common/limits";
import type { LogFormat, LogLevel } from "./observability/logger";
import { LOG_FORMATS, LOG_LEVELS } from "./observability/logger";

/** `extractContext`'s worker threads by default: the cores but one, at least one. */
export const DEFAULT_EXTRACT_THREADS = Math.max(1, availableParallelism() - 1);
/** Texts that may wait for an extraction thread by default. */
export const DEFAULT_EXTRACT_QUEUE = 16;

/** Runtime configuration, parsed and validated once from the environment. */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL to use; `undefined` starts the embedded one. */
  databaseUrl: string | undefined;
  /** Apply pending migrations at start-up. */
  migrate: boolean;
  /** Load the seed article's context at start-up (idempotent). */
  seed: boolean;
  /** Where the embedded PostgreSQL keeps its data. */
  embeddedDataDir: string;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Largest request body accepted from a request with a valid API key (a bundle to import), in bytes. */
  writeBodyLimitBytes: number;
  /** Browser origins allowed to call the API (`*` for any; a `*` port matches any port). */
  corsOrigins: string[];
  /** `Cache-Control: max-age` of cacheable GraphQL responses, in seconds (0: no caching). */
  cacheMaxAge: number;
  logLevel: LogLevel;
  /** `json`, `pretty`, or `auto`: pretty when stdout is a terminal. */
  logFormat: LogFormat;
  /** Caps on what one request may ask for. */
  limits: QueryLimits;
  /** Points each client may spend per minute (0: no rate limit). */
  rateLimitPointsPerMinute: number;
  /** Redis shared by instances for rate limits; unset, each process counts in memory. */
  redisUrl: string | undefined;
  /** express's `trust proxy`: how many proxies in front may name the client's address (0: none). */
  trustProxy: number;
  /** Longest a SQL statement may run, in milliseconds. */
  statementTimeoutMs: number;
  /** Worker threads for `extractContext` (EXTRACT_THREADS) and texts that may wait for one (EXTRACT_QUEUE). */
  extractThreads: number;
  extractQueue: number;
  /** Longest a request may take, in milliseconds, before it is answered TIMEOUT. */
  requestTimeoutMs: number;
  /** Longest a request made with a valid API key (an import) may take, in milliseconds. */
  writeTimeoutMs: number;
  /** How long start-up waits for the database to accept connections, in seconds. */
  startupWaitSeconds: number;
}

/** Points a client may spend per minute unless RATE_LIMIT_POINTS_PER_MINUTE says otherwise. */
export const DEFAULT_RATE_LIMIT = 10_000;

export const projectRoot = path.resolve(__dirname, "..");

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function readDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a URL (expected postgresql://user@host:port/database)`);
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new ConfigError(
      `DATABASE_URL must start with postgresql:// or postgres:// (it starts with "${url.protocol}")`,
    );
  }
  return raw;
}

function readRedisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  if (!/^rediss?:\/\/\S+$/.test(raw)) {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (got "${raw.slice(0, 40)}")`);
  }
  return raw;
}

function readOrigins(env: Env): string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined) return ["http://localhost:*", "http://127.0.0.1:*"];
  const origins = raw
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS entries must be origins like https://example.org or * (got "${origin}")`);
    }
  }
  return origins;
}

function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase() || fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${choices.join(", ")} (got "${env[name]}")`);
  }
  return raw as T;
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = readDatabaseUrl(env);
  return {
    host: env.HOST?.trim() || "localhost",
    port: readInteger(env, "PORT", 4000, 0, 65535),
    databaseUrl,
    migrate: readBoolean(env, "MIGRATE_ON_START", true),
    seed: readBoolean(env, "SEED_ON_START", databaseUrl === undefined),
    embeddedDataDir: path.resolve(projectRoot, env.EMBEDDED_PG_DIR?.trim() || ".data/postgres"),
    bodyLimitBytes: readInteger(env, "BODY_LIMIT_BYTES", 100_000, 1_000, 10_000_000),
    writeBodyLimitBytes: readInteger(env, "WRITE_BODY_LIMIT_BYTES", 10_000_000, 1_000, 100_000_000),
    corsOrigins: readOrigins(env),
    cacheMaxAge: readInteger(env, "CACHE_MAX_AGE", 60, 0, 86_400),
    logLevel: readChoice(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    logFormat: readChoice(env, "LOG_FORMAT", LOG_FORMATS, "auto"),
    limits: {
      maxCost: readInteger(env, "MAX_QUERY_COST", DEFAULT_LIMITS.maxCost, 1, 10_000_000),
      maxNodes: readInteger(env, "MAX_QUERY_NODES", DEFAULT_LIMITS.maxNodes, 10, 10_000_000),
      maxAliases: readInteger(env, "MAX_QUERY_ALIASES", DEFAULT_LIMITS.maxAliases, 0, 100_000),
      maxDirectives: readInteger(env, "MAX_QUERY_DIRECTIVES", DEFAULT_LIMITS.maxDirectives, 0, 100_000),
      maxTokens: readInteger(env, "MAX_QUERY_TOKENS", DEFAULT_LIMITS.maxTokens, 100, 10_000_000),
      maxLength: readInteger(env, "MAX_QUERY_LENGTH", DEFAULT_LIMITS.maxLength, 100, 10_000_000),
    },
    rateLimitPointsPerMinute: readInteger(env, "RATE_LIMIT_POINTS_PER_MINUTE", DEFAULT_RATE_LIMIT, 0, 1_000_000_000),
    redisUrl: readRedisUrl(env),
    trustProxy: readInteger(env, "TRUST_PROXY", 0, 0, 10),
    statementTimeoutMs: readInteger(env, "STATEMENT_TIMEOUT_MS", 5_000, 100, 3_600_000),
    requestTimeoutMs: readInteger(env, "REQUEST_TIMEOUT_MS", 10_000, 100, 3_600_000),
    extractThreads: readInteger(env, "EXTRACT_THREADS", DEFAULT_EXTRACT_THREADS, 1, 64),
    extractQueue: readInteger(env, "EXTRACT_QUEUE", DEFAULT_EXTRACT_QUEUE, 0, 10_000),
    writeTimeoutMs: readInteger(env, "WRITE_TIMEOUT_MS", 120_000, 1_000, 3_600_000),
    startupWaitSeconds: readInteger(env, "STARTUP_WAIT_SECONDS", 60, 0, 3_600),
  };
}
