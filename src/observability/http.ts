import type { ApolloServerPlugin } from "@apollo/server";
import type { Request, RequestHandler, Response } from "express";
import pinoHttp from "pino-http";
import type { Logger } from "./logger";
import type { ServerMetrics } from "./metrics";
import type { RequestRecord } from "./request";
import { currentRequest, newRequestRecord, requestIdFrom, runForRequest } from "./request";

/** The record of the request a response answers (set by `observeRequests`). */
export function requestRecordOf(res: Response): RequestRecord {
  return res.locals.request as RequestRecord;
}

const MAX_LOGGED_PATH = 200;

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://server").pathname.slice(0, MAX_LOGGED_PATH);
  } catch {
    return "(unreadable)";
  }
}

/**
 * First middleware: gives the request its id (the client's `x-request-id` when it is a plain
 * token, else a new UUID) and echoes it, runs everything after it on the request's behalf (so
 * SQL statements are counted for it), and when the response is done logs one line and counts it.
 */
export function observeRequests(logger: Logger, metrics: ServerMetrics): RequestHandler {
  const access = pinoHttp<Request, Response>({
    logger,
    genReqId: (_req, res) => requestRecordOf(res).id,
    customAttributeKeys: { reqId: "requestId" },
    // One line per request, at its end, with the fields below; not pino-http's whole req and res.
    quietReqLogger: true,
    quietResLogger: true,
    // 503 (a timeout, the database away) and 429 are the server holding, not failing: warn.
    customLogLevel: (_req, res, error) =>
      error || (res.statusCode >= 500 && res.statusCode !== 503)
        ? "error"
        : res.statusCode === 503 || res.statusCode === 429
          ? "warn"
          : "info",
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req.originalUrl)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req.originalUrl)} ${res.statusCode}`,
    customSuccessObject: (req, res) => accessFields(req, res),
    // For a 5xx answer pino-http makes up an error; the real one was logged where it was caught.
    customErrorObject: (req, res, error) =>
      error.message === `failed with status code ${res.statusCode}`
        ? accessFields(req, res)
        : { ...accessFields(req, res), err: error },
  });

  return (req, res, next) => {
    const record = newRequestRecord(requestIdFrom(req.headers["x-request-id"]));
    res.locals.request = record;
    res.locals.requestId = record.id;
    res.setHeader("x-request-id", record.id);
    const started = process.hrtime.bigint();
    const done = () => {
      res.removeListener("finish", done);
      res.removeListener("close", done);
      if (res.locals.durationMs !== undefined) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      res.locals.durationMs = Math.round(seconds * 1e6) / 1e3;
      metrics.observeRequest(record, pathOf(req.originalUrl), res.statusCode, seconds);
    };
    // Before pino-http's own listeners, so the duration is known when it writes the line.
    res.on("finish", done);
    res.on("close", done);
    access(req, res);
    runForRequest(record, next);
  };
}

function accessFields(req: Request, res: Response) {
  const record = requestRecordOf(res);
  const path = pathOf(req.originalUrl);
  return {
    method: req.method,
    path,
    status: res.statusCode,
    durationMs: res.locals.durationMs as number,
    ...(record.operationName !== undefined && { operationName: record.operationName }),
    ...(record.errorCodes.length > 0 && { errorCodes: record.errorCodes }),
    sqlStatements: record.sqlStatements,
    ...(record.cost !== undefined && { cost: record.cost }),
    // The client went away before the answer was sent.
    ...(!res.writableFinished && { aborted: true }),
  };
}

/** Notes, on the request's record, what only GraphQL knows: the operation, the errors' codes, the cost. */
export function observeGraphQLPlugin<
  TContext extends { cost?: { requested: number } },
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const record = currentRequest();
      if (!record) return;
      return {
        async didResolveOperation({ operationName }) {
          record.operationName = operationName;
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === "single") {
            record.errorCodes = (response.body.singleResult.errors ?? []).map((error) =>
              String(error.extensions?.code ?? "UNKNOWN"),
            );
          }
          if (contextValue.cost !== undefined) record.cost = contextValue.cost.requested;
        },
      };
    },
  };
}
