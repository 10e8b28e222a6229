import type DataLoader from "dataloader";
import type { ClassType } from "type-graphql";
import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import { BadUserInputError } from "../errors";
import { loadAllOrFail } from "./loaders";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Return the first n items after \`after\` (1 to ${MAX_PAGE_SIZE}). Defaults to ${DEFAULT_PAGE_SIZE} when neither \`first\` nor \`last\` is given.`,
  })
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: "Return items after this cursor (an `endCursor` or edge `cursor`).",
  })
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Return the last n items before \`before\` (1 to ${MAX_PAGE_SIZE}).`,
  })
  last?: number;

  @Field(() => String, {
    nullable: true,
    description: "Return items before this cursor (a `startCursor` or edge `cursor`).",
  })
  before?: string;
}

@ObjectType({ description: "Where a page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field({ description: "Whether items follow this page." })
  hasNextPage!: boolean;

  @Field({ description: "Whether items precede this page." })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the first item of the page; null when the page is empty.",
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last item of the page; null when the page is empty.",
  })
  endCursor!: string | null;
}

/** A position in a list: a row id, or a composite key such as `Statement:12`. */
export type ListKey = number | string;

/** One page of an ordered list of keys. */
export interface Page<K extends ListKey = number> {
  ids: K[];
  cursors: string[];
  pageInfo: PageInfo;
  totalCount: number;
}

const CURSOR_PATTERN = /^cursor:v1:([A-Za-z]+):([A-Za-z0-9:_-]{1,100})$/;

/** Cursors name what their list holds, so one list's cursor is refused by another kind of list. */
function encodeCursor(scope: string, key: ListKey): string {
  return Buffer.from(`cursor:v1:${scope}:${key}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string, argumentName: string, scope?: string): string {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const key = match && (scope === undefined || match[1] === scope) ? match[2]! : "";
  if (!key) {
    throw new BadUserInputError(
      `"${cursor}" is not a cursor of this list. Use a \`cursor\`, \`startCursor\` or \`endCursor\` it returned.`,
      argumentName,
    );
  }
  return key;
}

function checkSize(value: number | undefined, argumentName: string): void {
  if (value !== undefined && value !== null && (value < 1 || value > MAX_PAGE_SIZE)) {
    throw new BadUserInputError(
      `\`${argumentName}\` must be between 1 and ${MAX_PAGE_SIZE} (got ${value}).`,
      argumentName,
    );
  }
}

/** Throws BAD_USER_INPUT for arguments no list accepts; call before any database work. */
export function validateConnectionArgs(args: ConnectionArgs): void {
  checkSize(args.first ?? undefined, "first");
  checkSize(args.last ?? undefined, "last");
  if (args.first != null && args.last != null) {
    throw new BadUserInputError("Pass `first` or `last`, not both.", "last");
  }
  if (args.after != null) decodeCursor(args.after, "after");
  if (args.before != null) decodeCursor(args.before, "before");
}

function indexOfCursor(keys: readonly ListKey[], cursor: string, argumentName: string, scope: string): number {
  const key = decodeCursor(cursor, argumentName, scope);
  const index = keys.findIndex((candidate) => String(candidate) === key);
  if (index < 0) {
    throw new BadUserInputError(
      `Cursor "${cursor}" does not point into this list (was the item removed?).`,
      argumentName,
    );
  }
  return index;
}

/**
 * Cuts one page out of the full ordered key list of a connection (Relay's algorithm, with
 * exact `hasPreviousPage`/`hasNextPage` since the whole list is known).
 */
export function paginate<K extends ListKey>(keys: readonly K[], args: ConnectionArgs, scope: string): Page<K> {
  validateConnectionArgs(args);
  let start = 0;
  let end = keys.length;
  if (args.after != null) start = indexOfCursor(keys, args.after, "after", scope) + 1;
  if (args.before != null) end = Math.min(end, indexOfCursor(keys, args.before, "before", scope));
  if (end < start) end = start;
  if (args.last != null) start = Math.max(start, end - args.last);
  else end = Math.min(end, start + (args.first ?? DEFAULT_PAGE_SIZE));
  const pageKeys = keys.slice(start, end);
  const cursors = pageKeys.map((key) => encodeCursor(scope, key));
  return {
    ids: pageKeys,
    cursors,
    totalCount: keys.length,
    pageInfo: {
      hasPreviousPage: start > 0,
      hasNextPage: end < keys.length,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(
  nodeType: ClassType<T> | (abstract new () => T),
  name: string,
  noun: string,
  plural = `${noun}s`,
) {
  @ObjectType(`${name}Edge`, { description: `One ${noun} in a list, with its cursor.` })
  class Edge {
    @Field({ description: "Opaque position of this item; pass it as `after` or `before`." })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${noun}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${plural} (Relay cursor connection).` })
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge], { description: "The page's items with their cursors." })
    edges!: Edge[];

    @Field(() => [nodeType], { description: "The page's items, without cursors." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Cursors and whether more items exist either side." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items the whole list holds, across all pages." })
    totalCount!: number;
  }
  return Connection;
}

/** Builds a connection from a page and its nodes, loaded in the page's order. */
export function toConnection<T>(page: Page<ListKey>, nodes: readonly T[]): ConnectionShape<T> {
  return {
    edges: nodes.map((node, index) => ({ cursor: page.cursors[index]!, node })),
    nodes: [...nodes],
    pageInfo: page.pageInfo,
    totalCount: page.totalCount,
  };
}

/**
 * A connection over an ordered id list: arguments are checked before any database work,
 * then the page's nodes come through the (batching) loader.
 */
export async function connectionOf<T>(
  args: ConnectionArgs,
  scope: string,
  loadIds: () => Promise<readonly number[]>,
  loader: DataLoader<number, T | null>,
): Promise<ConnectionShape<T>> {
  validateConnectionArgs(args);
  const page = paginate(await loadIds(), args, scope);
  return toConnection(page, await loadAllOrFail(loader, page.ids));
}
