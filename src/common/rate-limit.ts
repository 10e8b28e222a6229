import type { Request } from "express";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimitOptions {
  /** Points each client may spend per minute; an operation's price is its cost (0 or less: no limit). */
  pointsPerMinute: number;
  /** Redis to share budgets through, across instances; unset, budgets are kept in this process. */
  redisUrl?: string;
  /** Prefix of the Redis keys (tests use their own). */
  keyPrefix?: string;
  log?: (message: string) => void;
}

/** A client's budget after a charge. */
export interface Budget {
  limit: number;
  remaining: number;
  used: number;
  /** Seconds until the budget is whole again. */
  resetSeconds: number;
  /** Whether the charge fit the budget. */
  allowed: boolean;
}

export interface RateLimiter {
  readonly pointsPerMinute: number;
  /** Spends `points` of the client's budget; refused (allowed: false) when they do not fit. */
  charge(client: string, points: number): Promise<Budget>;
  /** Resolves once Redis is connected, or after `withinMs` (budgets are then kept in memory until it is). */
  ready(withinMs: number): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;

/**
 * Who a request is charged to: the API key it was authenticated with (by id), or else its IP
 * address (as express reports it, after TRUST_PROXY). A request with a key that was refused is
 * charged to its address, so that inventing keys buys no budget.
 */
export function clientOf(req: Request, keyId: number | undefined): string {
  if (keyId !== undefined) return `key:${keyId}`;
  return `ip:${req.ip ?? req.socket.remoteAddress ?? "unknown"}`;
}

/** The budget as response headers, named as GitHub's API names them; the reset is in epoch seconds. */
export function budgetHeaders(budget: Budget): [string, string][] {
  return [
    ["x-ratelimit-limit", String(budget.limit)],
    ["x-ratelimit-remaining", String(budget.remaining)],
    ["x-ratelimit-used", String(budget.used)],
    ["x-ratelimit-reset", String(Math.ceil(Date.now() / 1000) + budget.resetSeconds)],
  ];
}

function budgetOf(result: RateLimiterRes, limit: number, allowed: boolean): Budget {
  return {
    limit,
    remaining: Math.max(0, result.remainingPoints),
    used: Math.min(limit, result.consumedPoints),
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    allowed,
  };
}

/**
 * Points budgets per client and minute, kept in Redis when `redisUrl` is given (every instance
 * pointing at it shares each client's budget) and in memory otherwise. If Redis cannot be
 * reached, budgets are kept in this process's memory until it can, and the log says so once
 * each way: a Redis outage neither stops the API nor lifts the limits.
 */
export function createRateLimiter({
  pointsPerMinute,
  redisUrl,
  keyPrefix = "news-context:rate",
  log = () => {},
}: RateLimitOptions): RateLimiter {
  const memory = new RateLimiterMemory({ points: pointsPerMinute, duration: WINDOW_SECONDS, keyPrefix });
  let redis: Redis | undefined;
  let shared: RateLimiterRedis | undefined;
  if (redisUrl) {
    // No offline queue: while Redis is away a charge fails at once and is counted in memory,
    // rather than waiting for a reconnection that may never come.
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000 });
    redis.on("error", () => {});
    shared = new RateLimiterRedis({
      storeClient: redis,
      points: pointsPerMinute,
      duration: WINDOW_SECONDS,
      keyPrefix,
      rejectIfRedisNotReady: true,
    });
  }
  let inMemory = false;

  async function chargeWith(limiter: RateLimiterMemory | RateLimiterRedis, client: string, points: number) {
    try {
      return budgetOf(await limiter.consume(client, points), pointsPerMinute, true);
    } catch (error) {
      if (error instanceof RateLimiterRes) return budgetOf(error, pointsPerMinute, false);
      throw error;
    }
  }

  return {
    pointsPerMinute,
    async ready(withinMs) {
      if (!redis || redis.status === "ready") return;
      const connection = redis;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, withinMs);
        connection.once("ready", done);
        function done() {
          clearTimeout(timer);
          connection.off("ready", done);
          resolve();
        }
      });
    },
    async charge(client, points) {
      if (!shared) return chargeWith(memory, client, points);
      try {
        const budget = await chargeWith(shared, client, points);
        if (inMemory) {
          inMemory = false;
          log("rate limits: Redis is reachable again; budgets are shared through it once more");
        }
        return budget;
      } catch (error) {
        if (!inMemory) {
          inMemory = true;
          log(
            `rate limits: Redis is unreachable (${(error as Error).message || "not connected"}); budgets are kept in this process's memory until it returns`,
          );
        }
        return chargeWith(memory, client, points);
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
