import path from "node:path";
import { DEFAULT_EXTRACT_THREADS, loadConfig, projectRoot } from "../../src/config";

describe("loadConfig", () => {
  it("defaults to the embedded database on localhost:4000, migrating and seeding", () => {
    expect(loadConfig({})).toEqual({
      host: "localhost",
      port: 4000,
      databaseUrl: undefined,
      migrate: true,
      seed: true,
      embeddedDataDir: path.join(projectRoot, ".data/postgres"),
      bodyLimitBytes: 100000,
      writeBodyLimitBytes: 10000000,
      corsOrigins: ["http://localhost:*", "http://127.0.0.1:*"],
      cacheMaxAge: 60,
      logLevel: "info",
      logFormat: "auto",
      limits: { maxCost: 1000, maxNodes: 10000, maxAliases: 30, maxDirectives: 50, maxTokens: 3000, maxLength: 10000 },
      rateLimitPointsPerMinute: 10_000,
      redisUrl: undefined,
      trustProxy: 0,
      statementTimeoutMs: 5_000,
      requestTimeoutMs: 10_000,
      writeTimeoutMs: 120_000,
      extractThreads: DEFAULT_EXTRACT_THREADS,
      extractQueue: 16,
      startupWaitSeconds: 60,
    });
  });

  it("takes any of pino's levels and silent for LOG_LEVEL, in any case", () => {
    for (const level of ["fatal", "error", "warn", "info", "debug", "silent"]) {
      expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    }
    expect(loadConfig({ LOG_LEVEL: " WARN ", LOG_FORMAT: "json" })).toMatchObject({
      logLevel: "warn",
      logFormat: "json",
    });
  });

  it("uses DATABASE_URL without seeding unless asked", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://u@db:5432/news",
      PORT: "8080",
      HOST: "0.0.0.0",
      MIGRATE_ON_START: "false",
    });
    expect(config).toMatchObject({
      databaseUrl: "postgresql://u@db:5432/news",
      port: 8080,
      host: "0.0.0.0",
      migrate: false,
      seed: false,
    });
    expect(loadConfig({ DATABASE_URL: "postgres://u@db/news", SEED_ON_START: "yes" }).seed).toBe(true);
  });

  it.each([
    [{ PORT: "http" }, 'PORT must be a whole number from 0 to 65535 (got "http")'],
    [{ PORT: "70000" }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [
      { DATABASE_URL: "localhost:5432" },
      'DATABASE_URL must start with postgresql:// or postgres:// (it starts with "localhost:")',
    ],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL is not a URL (expected postgresql://user@host:port/database)"],
    [{ MIGRATE_ON_START: "maybe" }, 'MIGRATE_ON_START must be true or false (got "maybe")'],
    [
      { CORS_ORIGINS: "example.org" },
      'CORS_ORIGINS entries must be origins like https://example.org or * (got "example.org")',
    ],
    [{ CACHE_MAX_AGE: "-1" }, 'CACHE_MAX_AGE must be a whole number from 0 to 86400 (got "-1")'],
    [{ MAX_QUERY_COST: "0" }, 'MAX_QUERY_COST must be a whole number from 1 to 10000000 (got "0")'],
    [
      { RATE_LIMIT_POINTS_PER_MINUTE: "lots" },
      'RATE_LIMIT_POINTS_PER_MINUTE must be a whole number from 0 to 1000000000 (got "lots")',
    ],
    [{ REDIS_URL: "localhost:6379" }, 'REDIS_URL must start with redis:// or rediss:// (got "localhost:6379")'],
    [{ STATEMENT_TIMEOUT_MS: "5s" }, 'STATEMENT_TIMEOUT_MS must be a whole number from 100 to 3600000 (got "5s")'],
    [{ EXTRACT_THREADS: "0" }, 'EXTRACT_THREADS must be a whole number from 1 to 64 (got "0")'],
    [{ LOG_LEVEL: "verbose" }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, silent (got "verbose")'],
    [{ LOG_FORMAT: "text" }, 'LOG_FORMAT must be one of auto, json, pretty (got "text")'],
  ])("rejects %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
