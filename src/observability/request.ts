import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What the server learns about one HTTP request while answering it: logged and measured when it ends. */
export interface RequestRecord {
  /** Echoed in the `x-request-id` response header and on every log line about the request. */
  id: string;
  /** SQL statements sent to PostgreSQL on the request's behalf (see `countSqlStatement`). */
  sqlStatements: number;
  /** Set by the GraphQL plugin: the operation's name, `null` for an anonymous one; absent when none was resolved. */
  operationName?: string | null;
  /** `extensions.code` of each error in the GraphQL response, in order. */
  errorCodes: string[];
  /** The query cost the request asked for, when the cost rule computed one. */
  cost?: number;
}

const current = new AsyncLocalStorage<RequestRecord>();

/** A client's own id is kept when it is a plain token, so its logs and ours join; anything else gets a fresh one. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

export function newRequestRecord(id: string): RequestRecord {
  return { id, sqlStatements: 0, errorCodes: [] };
}

/** Runs `fn` (and all the asynchronous work it starts) on behalf of `record`. */
export function runForRequest<T>(record: RequestRecord, fn: () => T): T {
  return current.run(record, fn);
}

/** The request the current asynchronous work is for; `undefined` outside any (start-up, seed). */
export function currentRequest(): RequestRecord | undefined {
  return current.getStore();
}

/** Called once for every statement the database client sends. */
export function countSqlStatement(): void {
  const record = current.getStore();
  if (record) record.sqlStatements += 1;
}
