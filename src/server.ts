import "reflect-metadata";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { ApolloServer } from "@apollo/server";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { ErrorRequestHandler } from "express";
import type { Context } from "./context";
import { createContext } from "./context";
import type { Db } from "./db/client";
import { describeError, ErrorCode, formatError, isIntendedError } from "./errors";
import { getSchema } from "./schema";

export interface ServerOptions {
  db: Db;
  bodyLimitBytes?: number;
  log?: (message: string) => void;
}

export interface NewsContextServer {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

function errorLoggingPlugin(log: (message: string) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!isIntendedError(error)) log(`request ${contextValue.requestId}: ${describeError(error)}`);
          }
        },
      };
    },
  };
}

/** Body-parser failures (too large, malformed JSON) as GraphQL-shaped JSON, not an HTML page. */
const jsonErrorHandler: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.type === "entity.too.large") {
    res
      .status(413)
      .json({ errors: [{ message: "Request body too large.", extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }] });
    return;
  }
  if (error.type === "entity.parse.failed") {
    res
      .status(400)
      .json({ errors: [{ message: "Request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
    return;
  }
  next(error);
};

/** The express app with the GraphQL endpoint at /graphql; does not listen (tests call `listen(0)`). */
export async function createServer({
  db,
  bodyLimitBytes = 100_000,
  log = console.error,
}: ServerOptions): Promise<NewsContextServer> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    formatError,
    introspection: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), errorLoggingPlugin(log)],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    next();
  });
  app.get("/healthz", async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: "ok" });
    } catch (error) {
      log(`health check failed: ${describeError(error)}`);
      res.status(503).json({ status: "unavailable" });
    }
  });
  app.use(
    "/graphql",
    express.json({ limit: bodyLimitBytes }),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(db, res.locals.requestId as string) }),
  );
  app.use(jsonErrorHandler);

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
