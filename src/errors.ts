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

  /** Something failed on the server; the message is masked and the details logged. */
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
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

export class NotFoundError extends GraphQLError {
  constructor(typeName: string, key: string, value: string) {
    super(`No ${typeName} has ${key} "${value}".`, {
      extensions: { code: ErrorCode.NOT_FOUND, typeName },
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

/**
 * Masks anything unexpected (a database failure, a bug); the request plugin logs it. Gives a bad
 * argument value written in the document the code it has when passed as a variable.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isArgumentValueError(error)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
  }
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && isUncodedRequestError(original)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_REQUEST } };
  }
  if (isIntendedError(error)) return formatted;
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
