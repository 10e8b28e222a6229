import { createHash } from "node:crypto";
import { BadUserInputError, clip } from "../errors";
import { Prisma } from "../generated/prisma/client";

/** SQL type of a sort key: how its value is written in a cursor and cast back in the seek. */
export type KeyType = "int" | "text" | "timestamptz" | "date" | "real";

/** One column of a list's order. The keys of an order, taken together, are unique in the list. */
export interface SortKey {
  /** SQL expression over the list's row, e.g. `s."sourceId"`; must match an index where it matters. */
  sql: string;
  type: KeyType;
  descending?: boolean;
}

/** What a page request asks for, once its arguments are checked and its cursors decoded. */
export interface PageWindow {
  /** Rows to return (`first` or `last`). */
  size: number;
  /** `last`: read the list backwards from `before` (or its end), then restore the order. */
  backward: boolean;
  /** Sort key values of the `after` cursor's row, as text. */
  after?: string[];
  /** Sort key values of the `before` cursor's row, as text. */
  before?: string[];
}

/** What the page request arguments carry, before their cursors are decoded. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const CURSOR_PREFIX = "cursor:v2:";

/**
 * Short digest of what makes a list the list it is: the field, its parent, filter and order.
 * A cursor carries it, so a cursor from another list (or the same list filtered or sorted
 * otherwise) is refused instead of seeking to a position that means nothing there.
 */
export function listFingerprint(identity: string): string {
  return createHash("sha256").update(identity).digest("base64url").slice(0, 12);
}

/**
 * The identity of a root list from its name, criteria and order, the same however the criteria
 * were spelled: absent and null conditions dropped, lists of values taken as the sets they are
 * (sorted, without repeats), keys in order. `filter: {}` and no filter are one list.
 */
export function listIdentity(name: string, criteria: object, sort?: { field: string; direction: string }): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = [...new Set(value.map((item) => JSON.stringify(canonical(item))))].sort();
      return items.map((item) => JSON.parse(item) as unknown);
    }
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, item]) => item !== undefined && item !== null)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, item]) => [key, canonical(item)]),
      );
    }
    return value;
  };
  return `${name} ${JSON.stringify(canonical(criteria))}${sort ? ` ${sort.field} ${sort.direction}` : ""}`;
}

/** Opaque to clients: the list's kind and fingerprint, and the sort key values of one row. */
export function encodeCursor(scope: string, fingerprint: string, values: readonly string[]): string {
  return Buffer.from(`${CURSOR_PREFIX}${scope}:${fingerprint}:${JSON.stringify(values)}`, "utf8").toString("base64url");
}

function notACursor(cursor: string, argumentName: string): BadUserInputError {
  return new BadUserInputError(
    `"${clip(cursor)}" is not a cursor of this list. Use a \`cursor\`, \`startCursor\` or \`endCursor\` it returned.`,
    argumentName,
  );
}

const INT = /^-?\d{1,10}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:\d{2})?)$/;
const REAL = /^-?(\d+(\.\d+)?([eE][-+]?\d+)?|Infinity)$/;

/** A key value in the form the seek casts back, or undefined when it is not one of this type. */
function canonicalKey(type: KeyType, value: unknown): string | undefined {
  // No length cap: a key is as long as its row's value (a long title), and the body limit bounds it.
  if (typeof value !== "string" || value.includes("\0")) return undefined;
  switch (type) {
    case "int": {
      const n = Number(value);
      return INT.test(value) && n >= -2147483648 && n <= 2147483647 ? value : undefined;
    }
    case "text":
      return value;
    case "real":
      return REAL.test(value) ? value : undefined;
    case "date": {
      const day = new Date(`${value}T00:00:00Z`);
      return DATE.test(value) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value)
        ? value
        : undefined;
    }
    case "timestamptz": {
      if (value === "infinity" || value === "-infinity") return value;
      const instant = new Date(value);
      return INSTANT.test(value) && !Number.isNaN(instant.getTime()) ? instant.toISOString() : undefined;
    }
  }
}

/** Shape only: a v2 cursor of some list. Used to refuse junk before any list is known. */
export function assertCursorShape(cursor: string, argumentName: string): void {
  if (!Buffer.from(cursor, "base64url").toString("utf8").startsWith(CURSOR_PREFIX)) {
    throw notACursor(cursor, argumentName);
  }
}

/** The sort key values a cursor of this list holds; BAD_USER_INPUT for any other cursor. */
export function decodeCursor(
  cursor: string,
  argumentName: string,
  scope: string,
  fingerprint: string,
  keys: readonly SortKey[],
): string[] {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const head = `${CURSOR_PREFIX}${scope}:${fingerprint}:`;
  if (!text.startsWith(head)) throw notACursor(cursor, argumentName);
  let values: unknown;
  try {
    values = JSON.parse(text.slice(head.length));
  } catch {
    throw notACursor(cursor, argumentName);
  }
  if (!Array.isArray(values) || values.length !== keys.length) throw notACursor(cursor, argumentName);
  return keys.map((key, index) => {
    const value = canonicalKey(key.type, values[index]);
    if (value === undefined) throw notACursor(cursor, argumentName);
    return value;
  });
}

/** Decodes the window of a page request for one list (arguments already range-checked). */
export function pageWindow(
  args: PageArgs,
  scope: string,
  identity: string,
  keys: readonly SortKey[],
  defaultSize: number,
): PageWindow {
  const fingerprint = listFingerprint(identity);
  const backward = args.last != null;
  return {
    size: (backward ? args.last : args.first) ?? defaultSize,
    backward,
    after: args.after != null ? decodeCursor(args.after, "after", scope, fingerprint, keys) : undefined,
    before: args.before != null ? decodeCursor(args.before, "before", scope, fingerprint, keys) : undefined,
  };
}

const CASTS: Record<KeyType, string> = {
  int: "int",
  text: "text",
  timestamptz: "timestamptz",
  date: "date",
  real: "real",
};

/**
 * The key expression as the text a cursor keeps. Dates and instants go through JSON, which writes
 * ISO 8601 whatever the session's DateStyle; ranks rely on `extra_float_digits` (SESSION_OPTIONS).
 */
function keyText(key: SortKey): string {
  return key.type === "timestamptz" || key.type === "date" ? `(to_json(${key.sql}) #>> '{}')` : `(${key.sql})::text`;
}

/** `key0::text AS "_k0", …`: the sort key values selected beside each row, for its cursor. */
export function keyColumns(keys: readonly SortKey[]): Prisma.Sql {
  return Prisma.raw(keys.map((key, index) => `${keyText(key)} AS "_k${index}"`).join(", "));
}

/** ORDER BY terms; `reverse` for reading backwards. */
export function orderTerms(keys: readonly SortKey[], reverse: boolean): Prisma.Sql {
  return Prisma.raw(
    keys.map((key) => `${key.sql} ${(key.descending ?? false) !== reverse ? "DESC" : "ASC"}`).join(", "),
  );
}

/**
 * Rows strictly past `values` in the list's order (`after`), or strictly before it. A row
 * comparison `(k0, k1, id) > ($1, $2, $3)` where all keys run one way, which PostgreSQL uses as
 * an index condition; otherwise the lexicographic expansion, led by a bound on the first key so
 * the index on it is still entered at the cursor.
 */
export function seekCondition(
  keys: readonly SortKey[],
  values: readonly string[],
  side: "after" | "before",
): Prisma.Sql {
  const param = (index: number) => Prisma.sql`${values[index]}::${Prisma.raw(CASTS[keys[index]!.type])}`;
  const op = (key: SortKey) => ((key.descending ?? false) === (side === "after") ? "<" : ">");
  const uniform = keys.every((key) => (key.descending ?? false) === (keys[0]!.descending ?? false));
  const first = keys[0]!;
  // Redundant with what follows, but an index condition even where the keys span several
  // tables (a holder's name, then a topic's) and the row comparison cannot be one.
  const bound = Prisma.sql`${Prisma.raw(first.sql)} ${Prisma.raw(op(first))}= ${param(0)}`;
  if (uniform) {
    const left = Prisma.raw(`(${keys.map((key) => key.sql).join(", ")})`);
    const right = Prisma.join(keys.map((_, index) => param(index)));
    return Prisma.sql`${bound} AND ${left} ${Prisma.raw(op(first))} (${right})`;
  }
  const strictly = (index: number): Prisma.Sql => {
    const key = keys[index]!;
    const past = Prisma.sql`${Prisma.raw(key.sql)} ${Prisma.raw(op(key))} ${param(index)}`;
    if (index === keys.length - 1) return past;
    return Prisma.sql`(${past} OR (${Prisma.raw(key.sql)} = ${param(index)} AND ${strictly(index + 1)}))`;
  };
  return Prisma.sql`${bound} AND ${strictly(0)}`;
}

/** The seek conditions of a window (TRUE when it has no cursor). */
export function windowConditions(keys: readonly SortKey[], window: PageWindow): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (window.after) conditions.push(seekCondition(keys, window.after, "after"));
  if (window.before) conditions.push(seekCondition(keys, window.before, "before"));
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** What one page is read from: columns over FROM and WHERE, in the order of `keys`. */
export interface PageSource {
  keys: readonly SortKey[];
  /** The columns; `*` where the FROM item already selects what is needed. */
  columns: Prisma.Sql;
  from: Prisma.Sql;
  where?: Prisma.Sql;
}

/**
 * The one statement every page is read with: the window's rows and one more (which only tells
 * that more follow), seeking past its cursors on the order's index, in reading direction. With
 * `keys`, each row carries its sort key values `_k0 … _kn` for its cursor; with `numbered`, its
 * place in the page as `_n`.
 */
export function pageSelect(
  source: PageSource,
  window: PageWindow,
  { keys = true, numbered = false }: { keys?: boolean; numbered?: boolean } = {},
): Prisma.Sql {
  const order = orderTerms(source.keys, window.backward);
  const extra = [
    ...(keys ? [keyColumns(source.keys)] : []),
    ...(numbered ? [Prisma.sql`row_number() OVER (ORDER BY ${order}) AS "_n"`] : []),
  ];
  const columns = extra.length ? Prisma.sql`${source.columns}, ${Prisma.join(extra)}` : source.columns;
  return Prisma.sql`SELECT ${columns}
    FROM ${source.from}
    WHERE (${source.where ?? Prisma.sql`TRUE`}) AND ${windowConditions(source.keys, window)}
    ORDER BY ${order}
    LIMIT ${Prisma.raw(String(window.size + 1))}`;
}

/** A row as read for a page: its columns and its sort key values `_k0 … _kn`. */
export type KeyedRow = Record<string, unknown>;

export interface PageOfRows<R> {
  rows: R[];
  readonly cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The sort key values of a page row, as read beside it. */
export function keyValues(row: KeyedRow, keyCount: number): string[] {
  return Array.from({ length: keyCount }, (_, index) => String(row[`_k${index}`]));
}

/**
 * Turns the `size + 1` rows read for a window into the page: the extra row only tells that
 * more follow in the reading direction. The other side is known from the cursor alone: a
 * page that starts after a cursor has at least the cursor's row before it (Relay allows this).
 */
export function assemblePage<R extends KeyedRow>(
  read: R[],
  window: PageWindow,
  scope: string,
  identity: string,
  keyCount: number,
): PageOfRows<R> {
  const more = read.length > window.size;
  const rows = read.slice(0, window.size);
  if (window.backward) rows.reverse();
  let cursors: string[] | undefined;
  return {
    rows,
    // Encoded on first use: a page whose edges and page info go unselected needs no cursor.
    get cursors() {
      const fingerprint = listFingerprint(identity);
      cursors ??= rows.map((row) => encodeCursor(scope, fingerprint, keyValues(row, keyCount)));
      return cursors;
    },
    hasNextPage: window.backward ? window.before !== undefined : more || window.before !== undefined,
    hasPreviousPage: window.backward ? more || window.after !== undefined : window.after !== undefined,
  };
}
