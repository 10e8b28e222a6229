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
import type { ErrorRequestHandler } from "express";
import type { Context } from "./context";
import { createContext } from "./context";
import type { Db } from "./db/client";
import { poolStats } from "./db/client";
import { directAnswersPlugin, stringifyResult } from "./direct";
import { ErrorCode, formatError, isIntendedError } from "./errors";
import { statementExportRouter } from "./modules/statement/statement.export";
import { mountPlayground } from "./playground/playground";
import { getSchema } from "./schema";
import { depthLimit } from "./common/depth-limit";
import { knownOperationTypes } from "./common/operation-types";
import { noNulInStrings, checkedVariablesPlugin } from "./common/text-input";
import { observeGraphQLPlugin, observeRequests } from "./observability/http";
import type { Logger } from "./observability/logger";
import { createLogger } from "./observability/logger";
import { createMetrics, metricsHandler } from "./observability/metrics";

export interface ServerOptions {
  db: Db;
  bodyLimitBytes?: number;
  /** Browser origins allowed (see config.ts); defaults to any localhost port. */
  corsOrigins?: string[];
  /** `Cache-Control: max-age` of cacheable responses, in seconds. */
  cacheMaxAge?: number;
  /** Where request lines and unexpected errors are logged; default JSON lines on stdout at `info`. */
  logger?: Logger;
  /** Answer root fields with the selection compiler where it covers them (default); off, resolvers answer everything. */
  compileSelections?: boolean;
}

export interface NewsContextServer {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isIntendedError(error)) continue;
            logger.error({ requestId: contextValue.requestId, err: unwrapResolverError(error) }, "unexpected error");
          }
        },
      };
    },
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
        async willSendResponse({ response }) {
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
    if (error.type === "entity.too.large") {
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
  corsOrigins = ["http://localhost:*", "http://127.0.0.1:*"],
  cacheMaxAge = 60,
  logger = createLogger(),
  compileSelections = true,
}: ServerOptions): Promise<NewsContextServer> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
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
    validationRules: [knownOperationTypes, depthLimit(), noNulInStrings],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo Sandbox on GET /graphql (and /sandbox) in every environment; the offline playground is at /.
      ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // Apollo installs its own, per-field cache-control plugin unless told not to.
      ApolloServerPluginCacheControlDisabled(),
      cacheControlPlugin(cacheMaxAge),
      errorLoggingPlugin(logger),
      observeGraphQLPlugin(),
      checkedVariablesPlugin(),
      directAnswersPlugin(),
    ],
  });
  await apollo.start();

  // Sets res.locals.requestId and the x-request-id header; logs and counts every request.
  app.use(observeRequests(logger, metrics));
  app.use((req, res, next) => {
    // Every answer depends on the Origin (CORS headers are sent for allowed ones only), so a
    // shared cache must not serve one origin's answer to another; and no answer is to be sniffed.
    res.vary("Origin");
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
      allowedHeaders: ["content-type", "apollo-require-preflight", "x-apollo-operation-name"],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    }),
  );
  app.get("/healthz", async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: "ok" });
    } catch (error) {
      logger.error({ requestId: res.locals.requestId as string, err: error }, "health check failed");
      res.status(503).json({ status: "unavailable" });
    }
  });
  app.get("/metrics", metricsHandler(metrics));
  app.use(
    "/graphql",
    express.json({ limit: bodyLimitBytes }),
    expressMiddleware(apollo, {
      context: async ({ res }) => createContext(db, res.locals.requestId as string, compileSelections),
    }),
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
    stop: () => apollo.stop(),
  };
}
