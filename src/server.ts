import "reflect-metadata";
import http from "node:http";
import { ApolloServer } from "@apollo/server";
import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { authorizationPlugin } from "./auth/authorize";
import { readPrincipal, refuseBadKeys, SeenKeys } from "./auth/http";
import type { Principal } from "./auth/keys";
import type { Context } from "./context";
import { createContext } from "./context";
import type { ExtractorOptions } from "./extract/pool";
import { Extractor } from "./extract/pool";
import type { Db } from "./db/client";
import { internalsOf, poolStats } from "./db/client";
import { checkReadiness, OutageWatch } from "./db/health";
import type { ScopedPool } from "./db/pool";
import { RequestWork, requestWork } from "./db/pool";
import { directAnswersPlugin, stringifyResult } from "./direct";
import {
  describeCause,
  ErrorCode,
  formatError,
  isIntendedError,
  rateLimitedMessage,
  SERVICE_ERRORS,
  serviceErrorCode,
} from "./errors";
import { statementExportRouter } from "./modules/statement/statement.export";
import { mountPlayground } from "./playground/playground";
import { getSchema } from "./schema";
import { depthLimit } from "./common/depth-limit";
import type { QueryLimits } from "./common/limits";
import { costLimitPlugin, DEFAULT_LIMITS, documentCaps } from "./common/limits";
import type { Budget, RateLimiter, RateLimitOptions } from "./common/rate-limit";
import { budgetHeaders, clientOf, createRateLimiter } from "./common/rate-limit";
import { knownOperationTypes } from "./common/operation-types";
import { checkedVariablesPlugin, listInputCap, noNulInStrings } from "./common/text-input";
import { observeGraphQLPlugin, observeRequests } from "./observability/http";
import type { Logger } from "./observability/logger";
import { createLogger } from "./observability/logger";
import { createMetrics, metricsHandler } from "./observability/metrics";

export interface ServerOptions {
  db: Db;
  bodyLimitBytes?: number;
  /** Largest body of a request made with a valid API key (default 10 MB): a bundle to import. */
  writeBodyLimitBytes?: number;
  /** Browser origins allowed (see config.ts); defaults to any localhost port. */
  corsOrigins?: string[];
  /** `Cache-Control: max-age` of cacheable responses, in seconds. */
  cacheMaxAge?: number;
  /** Where request lines and unexpected errors are logged; default JSON lines on stdout at `info`. */
  logger?: Logger;
  /** Answer root fields with the selection compiler where it covers them (default); off, resolvers answer everything. */
  compileSelections?: boolean;
  /** Caps on what one request may ask for (defaults: DEFAULT_LIMITS, src/common/limits.ts). */
  limits?: Partial<QueryLimits>;
  /** Points budgets per client (off when absent or `pointsPerMinute` is 0). */
  rateLimit?: RateLimitOptions;
  /** Longest a GraphQL request may take, in milliseconds, before its work is cancelled and it is answered TIMEOUT (default 10 s). */
  requestTimeoutMs?: number;
  /** Longest a request made with a valid API key may take (an import of a large bundle; default 120 s). */
  writeTimeoutMs?: number;
  /** express's `trust proxy` hop count: how many proxies in front may name the client's address (default 0). */
  trustProxy?: number;
  /** Threads and queue of `extractContext`'s extractions (defaults: src/extract/pool.ts). */
  extraction?: ExtractorOptions;
}

export interface NewsContextServer {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

function errorLoggingPlugin(logger: Logger, outage: OutageWatch): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          let timedOut = false;
          for (const error of errors) {
            const service = serviceErrorCode(error);
            if (service === ErrorCode.SERVICE_UNAVAILABLE) outage.report(describeCause(error));
            else if (service === ErrorCode.TIMEOUT) timedOut = true;
            else if (!isIntendedError(error)) {
              logger.error({ requestId: contextValue.requestId, err: unwrapResolverError(error) }, "unexpected error");
            }
          }
          if (timedOut)
            logger.warn({ requestId: contextValue.requestId }, "TIMEOUT: the request's database work was cancelled");
        },
      };
    },
  };
}

/**
 * A request whose database work timed out, or could not reach the database, is answered 503
 * with `Retry-After`, as the GraphQL-over-HTTP spec has a server say it cannot serve now.
 */
function serviceErrorsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const codes = (response.body.singleResult.errors ?? []).map((error) => error.extensions?.code);
          const service = codes.find(
            (code): code is ErrorCode.TIMEOUT | ErrorCode.SERVICE_UNAVAILABLE =>
              code === ErrorCode.TIMEOUT || code === ErrorCode.SERVICE_UNAVAILABLE,
          );
          if (!service) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(SERVICE_ERRORS[service].retryAfterSeconds));
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}

/**
 * Runs the rest of the request with its database work tracked (src/db/pool.ts): past the deadline,
 * or when the client goes away, its running statements are cancelled and it may start no more.
 */
function trackWork(pool: ScopedPool, deadline: number | undefined | ((res: Response) => number)): RequestHandler {
  return (_req, res, next) => {
    const deadlineMs = typeof deadline === "function" ? deadline(res) : deadline;
    const work = new RequestWork();
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => work.stop(`the request ran past its ${deadlineMs} ms deadline`, pool), deadlineMs);
    res.on("close", () => {
      clearTimeout(timer);
      if (!res.writableFinished) work.stop("the client closed the connection", pool);
    });
    requestWork.run(work, next);
  };
}

/**
 * `Cache-Control` for every answer: cacheable for `maxAge` seconds when it has no errors, else
 * `no-store`. Every field may be cached as long as any other (the data changes only when context
 * is loaded), so the policy needs no per-field hints; Apollo's cache-control plugin would
 * instrument every field of every response to find the same answer.
 */
function cacheControlPlugin(maxAge: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, contextValue }) {
          // A write's answer, or an answer for a key (an admin's list of keys), is never stored.
          if (operation?.operation === "mutation" || contextValue.principal) {
            response.http.headers.set("cache-control", "no-store");
            return;
          }
          if (maxAge <= 0) return;
          const cacheable = response.body.kind === "single" && !response.body.singleResult.errors;
          response.http.headers.set("cache-control", cacheable ? `max-age=${maxAge}, public` : "no-store");
        },
      };
    },
  };
}

function errorBody(message: string, code: ErrorCode) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Errors outside GraphQL (the body parser's, or a bug in a route) as GraphQL-shaped JSON
 * with a code, never express's HTML page with a stack trace.
 */
function httpErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
  return (error: { status?: number; type?: string; expose?: boolean; message?: string }, _req, res, next) => {
    if (res.headersSent) {
      // Too late to answer with JSON (a streamed export failed midway); express ends the response.
      logger.error({ requestId: res.locals.requestId as string, err: error }, "unexpected error");
      return next(error);
    }
    const status = typeof error.status === "number" ? error.status : 500;
    const service = serviceErrorCode(error);
    if (service) {
      res.setHeader("retry-after", String(SERVICE_ERRORS[service].retryAfterSeconds));
      res.status(503).json(errorBody(SERVICE_ERRORS[service].message, service));
    } else if (error.type === "entity.too.large") {
      res
        .status(413)
        .json(
          errorBody(
            `Request body too large: this server takes at most ${bodyLimitBytes} bytes (BODY_LIMIT_BYTES).`,
            ErrorCode.PAYLOAD_TOO_LARGE,
          ),
        );
    } else if (error.type === "entity.parse.failed") {
      res.status(400).json(errorBody("Request body is not valid JSON.", ErrorCode.BAD_REQUEST));
    } else if (status >= 400 && status < 500 && error.expose) {
      res.status(status).json(errorBody(`Bad request: ${error.message}.`, ErrorCode.BAD_REQUEST));
    } else {
      logger.error({ requestId: res.locals.requestId as string, err: error }, "unexpected error");
      res
        .status(500)
        .json(
          errorBody(
            "Internal server error. The server log has the details, under this response's x-request-id.",
            ErrorCode.INTERNAL_SERVER_ERROR,
          ),
        );
    }
  };
}

/** What an export costs, in rate-limit points: a stream may hold every statement there is. */
const EXPORT_PRICE = 100;

/**
 * Charges each request `points` of its client's budget before anything else is done with it
 * (a GraphQL operation pays the rest of its cost once it is known), with the budget in the
 * response headers; a client past its budget gets 429 and RATE_LIMITED.
 */
function chargeRequest(limiter: RateLimiter | undefined, points: number): RequestHandler {
  return (req, res, next) => {
    if (!limiter) return next();
    const client = clientOf(req, (res.locals.principal as Principal | undefined)?.keyId);
    res.locals.client = client;
    limiter.charge(client, points).then((budget) => {
      res.locals.budget = budget;
      for (const [name, value] of budgetHeaders(budget)) res.setHeader(name, value);
      if (budget.allowed) return next();
      res.setHeader("retry-after", String(budget.resetSeconds));
      res.status(429).json(errorBody(rateLimitedMessage(budget), ErrorCode.RATE_LIMITED));
    }, next);
  };
}

/**
 * A request sending a key is looked up in the database before it is charged (to the key's own
 * budget); one sending a key not seen valid lately, from an address that has spent its budget,
 * gets 429 before any lookup, so that inventing keys cannot make the server query the database
 * for free.
 */
function guardKeyLookups(limiter: RateLimiter | undefined, seen: SeenKeys): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!limiter || header === undefined || seen.has(header)) return next();
    limiter.charge(clientOf(req, undefined), 0).then((budget) => {
      if (budget.remaining > 0) return next();
      for (const [name, value] of budgetHeaders(budget)) res.setHeader(name, value);
      res.setHeader("retry-after", String(budget.resetSeconds));
      res.status(429).json(errorBody(rateLimitedMessage(budget), ErrorCode.RATE_LIMITED));
    }, next);
  };
}

/** Refuses a document longer than `maxLength` characters before it is parsed. */
function queryLengthCap(maxLength: number): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === "GET" ? req.query.query : body?.query;
    if (typeof query !== "string" || query.length <= maxLength) return next();
    res
      .status(400)
      .json(
        errorBody(
          `The query is ${query.length} characters long; this server takes at most ${maxLength} (MAX_QUERY_LENGTH).`,
          ErrorCode.QUERY_TOO_COMPLEX,
        ),
      );
  };
}

/**
 * Whether a browser origin is allowed: listed exactly, `*`, or matching a `*` port, which
 * includes the scheme's default port (a browser sends `http://localhost` for port 80).
 */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    if (entry === "*" || entry === origin) return true;
    if (!entry.endsWith(":*")) return false;
    const prefix = entry.slice(0, -1);
    return origin === entry.slice(0, -2) || (origin.startsWith(prefix) && /^\d+$/.test(origin.slice(prefix.length)));
  });
}

/** The express app with the GraphQL endpoint at /graphql; does not listen (tests call `listen(0)`). */
export async function createServer({
  db,
  bodyLimitBytes = 100_000,
  writeBodyLimitBytes = 10_000_000,
  corsOrigins = ["http://localhost:*", "http://127.0.0.1:*"],
  cacheMaxAge = 60,
  logger = createLogger(),
  compileSelections = true,
  limits: limitOverrides = {},
  rateLimit,
  requestTimeoutMs = 10_000,
  writeTimeoutMs = 120_000,
  trustProxy = 0,
  extraction,
}: ServerOptions): Promise<NewsContextServer> {
  const limits: QueryLimits = { ...DEFAULT_LIMITS, ...limitOverrides };
  const extractor = new Extractor(extraction);
  const { pool, connectionString } = internalsOf(db);
  const warn = (message: string) => logger.warn(message);
  const outage = new OutageWatch(connectionString, warn);
  const limiter =
    rateLimit && rateLimit.pointsPerMinute > 0 ? createRateLimiter({ log: warn, ...rateLimit }) : undefined;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  const httpServer = http.createServer(app);
  // Requests Node's parser refuses (headers too large, an unknown method) get JSON with a code too.
  httpServer.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const body = JSON.stringify(
      errorBody(
        tooLarge ? "The request's headers or URL are too large." : "The request is not valid HTTP.",
        ErrorCode.BAD_REQUEST,
      ),
    );
    socket.end(
      `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const metrics = createMetrics({ pool: () => poolStats(db) });
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    formatError,
    introspection: true,
    // Stack traces would otherwise reach clients whenever NODE_ENV is not "production".
    includeStacktraceInErrorResponses: false,
    // Compact JSON (Apollo pretty-prints by default, which makes large answers a third larger);
    // a direct answer's data is spliced in as PostgreSQL wrote it.
    stringifyResult,
    validationRules: [knownOperationTypes, depthLimit(), documentCaps(limits), noNulInStrings, listInputCap],
    parseOptions: { maxTokens: limits.maxTokens },
    // Four, plus graphql-js's notice that it stopped: a hostile document gets five errors, not thousands.
    validationOptions: { maxErrors: 4 },
    // No "Did you mean …?" suggestions of field and type names in errors.
    hideSchemaDetailsFromClientErrors: true,
    plugins: [
      // On stop, requests in flight may finish: they are cut off by their own deadline first.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: requestTimeoutMs + 1_000 }),
      // Apollo Sandbox on GET /graphql (and /sandbox) in every environment; the offline playground is at /.
      ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // Apollo installs its own, per-field cache-control plugin unless told not to.
      ApolloServerPluginCacheControlDisabled(),
      cacheControlPlugin(cacheMaxAge),
      errorLoggingPlugin(logger, outage),
      serviceErrorsPlugin(),
      observeGraphQLPlugin(),
      checkedVariablesPlugin(),
      authorizationPlugin(),
      costLimitPlugin(limits, limiter),
      directAnswersPlugin(),
    ],
  });
  await apollo.start();
  await limiter?.ready(2_000);

  // Sets res.locals.requestId and the x-request-id header; logs and counts every request.
  app.use(observeRequests(logger, metrics));
  app.use((req, res, next) => {
    // Every answer depends on the Origin (CORS headers are sent for allowed ones only), so a
    // shared cache must not serve one origin's answer to another; and no answer is to be sniffed.
    res.vary("Origin");
    res.vary("Authorization");
    res.setHeader("x-content-type-options", "nosniff");
    next();
  });
  // A preflight from an origin not allowed gets a plain answer, not a GraphQL error about its headers.
  app.options(/.*/, (req, res, next) => {
    const origin = req.headers.origin;
    const preflight = req.headers["access-control-request-method"] !== undefined;
    if (!preflight || origin === undefined || originAllowed(origin, corsOrigins)) return next();
    res
      .status(403)
      .json(
        errorBody(
          `Origin ${origin} is not allowed; the server's CORS_ORIGINS lists those that are.`,
          ErrorCode.BAD_REQUEST,
        ),
      );
  });
  app.use(
    cors({
      origin: (origin, callback) => callback(null, origin === undefined || originAllowed(origin, corsOrigins)),
      methods: ["GET", "POST", "OPTIONS"],
      allowedHeaders: [
        "content-type",
        "apollo-require-preflight",
        "x-apollo-operation-name",
        "authorization",
        "idempotency-key",
      ],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    }),
  );
  // Liveness: the process answers; never touches the database.
  app.get("/health/live", (_req, res) => {
    res.setHeader("cache-control", "no-store");
    res.json({ status: "ok" });
  });
  // Readiness: the database answers within 1 s on a connection of its own, with every migration applied.
  const ready: RequestHandler = (_req, res, next) => {
    checkReadiness(connectionString).then(({ ready, reason }) => {
      res.setHeader("cache-control", "no-store");
      if (ready) res.json({ status: "ok" });
      else res.status(503).json({ status: "unavailable", reason });
    }, next);
  };
  app.get("/health/ready", ready);
  app.get("/healthz", ready);
  app.get("/metrics", metricsHandler(metrics));
  const seenKeys = new SeenKeys();
  const readBody = express.json({ limit: bodyLimitBytes });
  const readWriteBody = express.json({ limit: writeBodyLimitBytes });
  app.use(
    "/graphql",
    guardKeyLookups(limiter, seenKeys),
    readPrincipal(db, seenKeys),
    chargeRequest(limiter, 1),
    refuseBadKeys(),
    // A request with a valid key may carry a bundle to import; an anonymous one only reads.
    (req, res, next) => (res.locals.principal ? readWriteBody : readBody)(req, res, next),
    queryLengthCap(limits.maxLength),
    trackWork(pool, (res) => (res.locals.principal ? writeTimeoutMs : requestTimeoutMs)),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        ...createContext(db, res.locals.requestId as string, compileSelections),
        client: res.locals.client as string | undefined,
        principal: res.locals.principal as Principal | undefined,
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        writeTimeoutMs,
        budget: res.locals.budget as Budget | undefined,
        extractor,
      }),
    }),
  );
  // An export streams for as long as the client reads; its statements have their own timeout.
  app.use(
    "/export",
    guardKeyLookups(limiter, seenKeys),
    readPrincipal(db, seenKeys),
    chargeRequest(limiter, EXPORT_PRICE),
    refuseBadKeys(),
    trackWork(pool, undefined),
  );
  app.use(statementExportRouter(db));
  mountPlayground(app);
  app.use((req, res) => {
    res
      .status(404)
      .json(errorBody(`Nothing at ${req.method} ${req.path}. The GraphQL endpoint is /graphql.`, ErrorCode.NOT_FOUND));
  });
  app.use(httpErrorHandler(logger, bodyLimitBytes));

  return {
    httpServer,
    apollo,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          const boundPort = address && typeof address === "object" ? address.port : port;
          const shownHost = host.includes(":") ? `[${host}]` : host;
          resolve(`http://${shownHost}:${boundPort}/graphql`);
        });
      }),
    stop: async () => {
      await apollo.stop();
      outage.stop();
      await limiter?.close();
      await extractor.close();
    },
  };
}
