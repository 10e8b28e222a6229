import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { PoolStats } from "../db/client";
import type { RequestRecord } from "./request";

/** Distinct operation names kept as label values; later ones are counted as `(other)`. */
export const MAX_OPERATION_LABELS = 100;
/** Longest operation name kept as a label value; longer ones are cut. */
export const MAX_OPERATION_LABEL_LENGTH = 64;

/**
 * Label values chosen by clients (operation names) under a bound: the first `maxValues`
 * distinct values, each cut to `maxLength`, and `(other)` for the rest. GraphQL names cannot
 * contain parentheses, so `(other)` never stands for a real name.
 */
export function labelCap(maxValues = MAX_OPERATION_LABELS, maxLength = MAX_OPERATION_LABEL_LENGTH) {
  const seen = new Set<string>();
  return (value: string): string => {
    const cut = value.slice(0, maxLength);
    if (seen.has(cut)) return cut;
    if (seen.size >= maxValues) return "(other)";
    seen.add(cut);
    return cut;
  };
}

/** Paths as label values: the server's routes, everything else (unknown paths, assets) as `(other)`. */
const ROUTES = ["/graphql", "/health", "/healthz", "/metrics", "/export", "/playground", "/sandbox"];

export function routeOf(path: string): string {
  if (path === "/") return "/";
  return ROUTES.find((route) => path === route || path.startsWith(`${route}/`)) ?? "(other)";
}

export interface ServerMetrics {
  registry: Registry;
  /** Counts one answered request, once its response has been sent (or the client went away). */
  observeRequest(record: RequestRecord, path: string, status: number, seconds: number): void;
}

export interface MetricsOptions {
  /** The database pool to report on, read at each scrape. */
  pool?: () => PoolStats | undefined;
}

/** A server's own metrics, in a registry of its own: several servers in one process do not mix. */
export function createMetrics({ pool }: MetricsOptions = {}): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by route, GraphQL operation name and status code.",
    labelNames: ["route", "operation", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from a request's arrival to its response's last byte, by route and GraphQL operation name.",
    labelNames: ["route", "operation"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const errors = new Counter({
    name: "graphql_errors_total",
    help: "Errors in GraphQL responses, by extensions.code.",
    labelNames: ["code"] as const,
    registers,
  });
  const statements = new Histogram({
    name: "http_request_sql_statements",
    help: "SQL statements sent to PostgreSQL per request, by route.",
    labelNames: ["route"] as const,
    buckets: [0, 1, 2, 3, 5, 8, 13, 21, 50, 100],
    registers,
  });
  const cost = new Histogram({
    name: "graphql_query_cost",
    help: "Cost of each GraphQL query as the cost rule computed it.",
    buckets: [1, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    registers,
  });
  const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const stats = pool?.();
        if (stats) this.set(read(stats));
      },
    });
  poolGauge("pg_pool_connections", "Connections the PostgreSQL pool holds open, busy or idle.", (s) => s.total);
  poolGauge("pg_pool_idle_connections", "Open PostgreSQL connections not in use.", (s) => s.idle);
  poolGauge("pg_pool_waiting_queries", "Queries waiting for a PostgreSQL connection.", (s) => s.waiting);

  const operationLabel = labelCap();
  const errorCodeLabel = labelCap(50, 64);
  return {
    registry,
    observeRequest(record, path, status, seconds) {
      const route = routeOf(path);
      let operation = "";
      if (route === "/graphql") {
        if (record.operationName === undefined) operation = "(none)";
        else operation = record.operationName === null ? "(anonymous)" : operationLabel(record.operationName);
      }
      requests.inc({ route, operation, status: String(status) });
      duration.observe({ route, operation }, seconds);
      statements.observe({ route }, record.sqlStatements);
      for (const code of record.errorCodes) errors.inc({ code: errorCodeLabel(code) });
      if (record.cost !== undefined) cost.observe(record.cost);
    },
  };
}

/** `GET /metrics`: the registry in Prometheus's text format. */
export function metricsHandler(metrics: ServerMetrics): RequestHandler {
  return async (_req, res, next) => {
    try {
      const text = await metrics.registry.metrics();
      res.setHeader("content-type", metrics.registry.contentType);
      res.setHeader("cache-control", "no-store");
      res.send(text);
    } catch (error) {
      next(error);
    }
  };
}
