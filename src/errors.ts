import { HeaderMap } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError, Kind } from "graphql";

/** Every `extensions.code` a client can receive. Part of the public API: add, never rename. */
export enum ErrorCode {
  /** An argument is out of range, malformed, or contradicts another argument. */
  BAD_USER_INPUT = "BAD_USER_INPUT",
  /** The requested object does not exist. */
  NOT_FOUND = "NOT_FOUND",
  /** The document does not parse. Raised by Apollo Server. */
  GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED",
  /** The document is not valid against the schema. Raised by Apollo Server. */
  GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED",
  /** The HTTP request itself is wrong: a body that is not JSON, an unsupported encoding, a CORS preflight from an origin not allowed, a malformed persisted-query extension. */
  BAD_REQUEST = "BAD_REQUEST",
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE",
  /** The operation asks for more than one request may: cost, size, aliases, tokens or directives (the error's `limit` says which cap, the message which setting). */
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  /** The client has spent its points budget for now; retry after the `Retry-After` header's seconds. */
  RATE_LIMITED = "RATE_LIMITED",
  /** The request ran past its deadline (or a statement past its timeout) and was cancelled; retry later or ask for less. */
  TIMEOUT = "TIMEOUT",
  /** The database cannot be reached; the server keeps trying. Retry after the `Retry-After` header's seconds. */
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",

  /** The request needs an API key (`Authorization: Bearer nck_…`), or the key it sent is unknown or revoked. HTTP 401; nothing was done. */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** The API key lacks the scope the operation needs (the error's `requiredScope` says which). HTTP 403; nothing was done. */
  FORBIDDEN = "FORBIDDEN",
  /** A write conflicts with what is stored: rows another source owns or cites, a stale `version`, or an idempotency key reused for a different request. Nothing was written. */
  CONFLICT = "CONFLICT",

  /** Something failed on the server; the message is masked and the details logged. */
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** How much of a client's input an error message quotes. */
const QUOTED_INPUT_LENGTH = 100;

/** A client's input as an error message quotes it: cut to 100 characters, so a hostile value is not echoed back whole. */
export function clip(input: string): string {
  return input.length > QUOTED_INPUT_LENGTH ? `${input.slice(0, QUOTED_INPUT_LENGTH)}…` : input;
}

/**
 * The longest message a client gets. graphql-js quotes a wrong value whole ("Int cannot represent
 * non-integer value: …"); past this the message is cut.
 */
const MAX_MESSAGE_LENGTH = 500;

/** Why a request was refused for its client's budget, and when to come back. */
export function rateLimitedMessage(budget: { limit: number; resetSeconds: number }): string {
  return `Rate limit reached: this client may spend ${budget.limit} points a minute (RATE_LIMIT_POINTS_PER_MINUTE), and a query costs what \`extensions.cost.requested\` says. Retry in ${budget.resetSeconds} s.`;
}

export class BadUserInputError extends GraphQLError {
  /** `httpStatus` only for errors raised before execution; a resolver's error leaves the response 200. */
  constructor(message: string, argumentName?: string, httpStatus?: number) {
    super(message, {
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        ...(argumentName ? { argumentName } : {}),
        ...(httpStatus ? { http: { status: httpStatus } } : {}),
      },
    });
  }
}

export class ConflictError extends GraphQLError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.CONFLICT, ...details } });
  }
}

/** What a 401 answer says about the scheme it wants (RFC 6750). */
export const WWW_AUTHENTICATE = 'Bearer realm="news-context"';

export class UnauthenticatedError extends GraphQLError {
  constructor(message: string, invalidToken = false) {
    super(message, {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        http: {
          status: 401,
          headers: new HeaderMap([
            ["www-authenticate", invalidToken ? `${WWW_AUTHENTICATE}, error="invalid_token"` : WWW_AUTHENTICATE],
          ]),
        },
      },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message: string, requiredScope: string) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN, requiredScope, http: { status: 403 } } });
  }
}

export class NotFoundError extends GraphQLError {
  /** `deleted`: the object existed and was deleted; `deletedIn` is the revision that did it. */
  constructor(typeName: string, key: string, value: string, deleted?: { message: string; deletedIn: string }) {
    super(deleted?.message ?? `No ${typeName} has ${key} "${clip(value)}".`, {
      extensions: { code: ErrorCode.NOT_FOUND, typeName, ...(deleted ? { deletedIn: deleted.deletedIn } : {}) },
    });
  }
}

const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo Server's own request-level codes.
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/**
 * Errors raised on purpose: ours, and Apollo's request errors (which give graphql-js's parse,
 * validation and variable errors their codes before formatting). Anything without a public
 * code is unexpected.
 */
export function isIntendedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (!(original instanceof GraphQLError)) return false;
  if (isUncodedRequestError(original)) return true;
  const code = original.extensions?.code;
  return typeof code === "string" && PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * Apollo Server refuses some requests with a 4xx status but no code (a persisted-query extension
 * of an unknown version, or whose hash does not match its query). Nothing in this server raises
 * an HTTP status without a code, so these are the client's mistakes: BAD_REQUEST, message kept.
 */
function isUncodedRequestError(error: GraphQLError): boolean {
  if (error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

/** PostgreSQL's codes for a database that is shutting down, starting up, or refusing connections. */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;
/** How the driver adapter names a database it cannot reach or lost. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TlsConnectionError"]);
/** node-postgres's own messages for a connection that failed, timed out or dropped. */
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down)/;

/**
 * Whether a failure is the database's state rather than a bug: a statement cancelled (by its
 * timeout or the request's deadline) is TIMEOUT; a database that cannot be reached, or went
 * away mid-request, is SERVICE_UNAVAILABLE. Looks through Prisma's and the adapter's wrappings.
 */
export function serviceErrorCode(error: unknown): ErrorCode.TIMEOUT | ErrorCode.SERVICE_UNAVAILABLE | undefined {
  for (const found of causeChain(error)) {
    if (found.code === "57014") return ErrorCode.TIMEOUT;
    if (typeof found.code === "string" && UNAVAILABLE_SQLSTATES.test(found.code)) return ErrorCode.SERVICE_UNAVAILABLE;
    if (typeof found.kind === "string" && UNAVAILABLE_KINDS.has(found.kind)) return ErrorCode.SERVICE_UNAVAILABLE;
    if (found.code === "P1001" || found.code === "P1017") return ErrorCode.SERVICE_UNAVAILABLE;
    if (typeof found.message === "string" && UNAVAILABLE_MESSAGES.test(found.message)) {
      return ErrorCode.SERVICE_UNAVAILABLE;
    }
  }
  return undefined;
}

type Cause = { code?: unknown; kind?: unknown; message?: unknown };

/** A failure and what it wraps, outermost first: GraphQL's, Prisma's and the driver adapter's wrappings opened. */
function causeChain(error: unknown): Cause[] {
  const chain: Cause[] = [];
  let current: unknown = unwrapResolverError(error);
  while (current !== null && typeof current === "object" && !chain.includes(current as Cause)) {
    chain.push(current as Cause);
    const found = current as {
      originalError?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: { cause?: unknown } };
    };
    current = found.meta?.driverAdapterError?.cause ?? found.originalError ?? found.cause;
  }
  return chain;
}

/** SQLSTATEs and Prisma codes of each kind of rule a write can break, as `brokenRule` tells them. */
const RULE_CODES = {
  // Another write stored the same key meanwhile.
  unique: new Set(["P2002", "23505", "UniqueConstraintViolation"]),
  // A CHECK or constraint trigger (23514), or a value PostgreSQL refuses (22023: a time zone its
  // tzdata lacks, though Node's ICU knows it).
  check: new Set(["23514", "22023", "CheckConstraintViolation"]),
  // A row referred to was deleted meanwhile, or one still refers to the row deleted (23503); the
  // row to change is gone (P2025).
  reference: new Set(["P2003", "23503", "ForeignKeyConstraintViolation", "P2025"]),
} as const;

/** Which database rule a failed write broke, if that is why it failed. */
export function brokenRule(error: unknown): { kind: keyof typeof RULE_CODES; message: string } | undefined {
  for (const found of causeChain(error) as (Cause & { originalCode?: unknown; originalMessage?: unknown })[]) {
    const codes = [found.code, found.originalCode, found.kind];
    const message = String(found.originalMessage ?? found.message ?? "");
    for (const kind of ["unique", "check", "reference"] as const) {
      if (codes.some((code) => typeof code === "string" && RULE_CODES[kind].has(code))) return { kind, message };
    }
  }
  return undefined;
}

/** The innermost cause of a failure, on one line (for a log line that names an outage). */
export function describeCause(error: unknown): string {
  const found = causeChain(error).at(-1) ?? {};
  return (
    [found.kind, found.code, found.message]
      .filter((part) => typeof part === "string" && part !== "")
      .join(": ")
      .split("\n")[0] || "unknown error"
  );
}

/** What a client is told for each service error, and after how many seconds to retry. */
export const SERVICE_ERRORS = {
  [ErrorCode.TIMEOUT]: {
    message:
      "The request ran out of time and its database work was cancelled (REQUEST_TIMEOUT_MS, STATEMENT_TIMEOUT_MS). Retry later, or ask for less: smaller pages, fewer nested lists.",
    retryAfterSeconds: 5,
  },
  [ErrorCode.SERVICE_UNAVAILABLE]: {
    message:
      "The database cannot be reached right now; the server keeps trying and resumes by itself. Retry in a few seconds.",
    retryAfterSeconds: 5,
  },
} as const;

/** AST kinds of an argument's value, as written in a document. */
const VALUE_KINDS = new Set<string>([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
  Kind.OBJECT_FIELD,
]);

/**
 * graphql-js refuses a bad argument value written in the document (`kind: RUMOUR`) during
 * validation, where Apollo Server codes it GRAPHQL_VALIDATION_FAILED, but the same value passed
 * as a variable is BAD_USER_INPUT. Both are the same mistake: a validation error that points at
 * a value, rather than at a field, argument name or fragment, is given the variable's code.
 */
function isArgumentValueError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  if (error.extensions?.code !== ErrorCode.GRAPHQL_VALIDATION_FAILED) return false;
  const node = error.nodes?.[0];
  return node !== undefined && VALUE_KINDS.has(node.kind);
}

/** graphql-js's message when a document has more tokens than the parser's `maxTokens` (16.x spells it "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * A cap's refusal as the client gets it: validation rules' errors come back wrapped, coded
 * GRAPHQL_VALIDATION_FAILED, and the parser's token cap is a syntax error; both are
 * QUERY_TOO_COMPLEX, the code every limit on what a request may ask for shares.
 */
function limitError(error: unknown): { message: string; extensions: Record<string, unknown> } | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const original = error.originalError;
  if (original instanceof GraphQLError && original.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX) {
    const { http: _http, ...extensions } = original.extensions;
    return { message: original.message, extensions };
  }
  const tokens = TOO_MANY_TOKENS.exec(error.message);
  if (error.extensions?.code === ErrorCode.GRAPHQL_PARSE_FAILED && tokens) {
    return {
      message: `The document has more than ${tokens[1]} tokens (MAX_QUERY_TOKENS); send a shorter query.`,
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: Number(tokens[1]) },
    };
  }
  return undefined;
}

/**
 * Masks anything unexpected (a database failure, a bug); the request plugin logs it. Gives a bad
 * argument value written in the document the code it has when passed as a variable.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limit = limitError(error);
  if (limit)
    return { ...formatted, message: limit.message, extensions: { ...formatted.extensions, ...limit.extensions } };
  if (isArgumentValueError(error)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
  }
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && isUncodedRequestError(original)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_REQUEST } };
  }
  const service = serviceErrorCode(error);
  if (service) {
    return {
      message: SERVICE_ERRORS[service].message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: service },
    };
  }
  if (isIntendedError(error)) {
    if (formatted.message.length <= MAX_MESSAGE_LENGTH) return formatted;
    return { ...formatted, message: `${formatted.message.slice(0, MAX_MESSAGE_LENGTH)}…` };
  }
  return {
    message: "Internal server error. The server log has the details, under this response's x-request-id.",
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
