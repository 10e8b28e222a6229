import type { ClassType } from "type-graphql";
import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import { BadUserInputError } from "../errors";
import type { PageOfRows } from "./keyset";
import { assertCursorShape } from "./keyset";

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
  if (args.after != null) assertCursorShape(args.after, "after");
  if (args.before != null) assertCursorShape(args.before, "before");
}

export interface ConnectionShape<T> {
  readonly edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted only when read (see toConnection). */
  readonly totalCount: Promise<number>;
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
  class Connection {
    @Field(() => [Edge], { description: "The page's items with their cursors." })
    edges!: Edge[];

    @Field(() => [nodeType], { description: "The page's items, without cursors." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Cursors and whether more items exist either side." })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description: "How many items the whole list holds, across all pages. Counted only when selected.",
    })
    totalCount!: number;
  }
  return Connection;
}

/**
 * A connection over a page. `totalCount` is a getter, so the count runs only when a client
 * selects it, and once however often it is selected.
 */
export function toConnection<R, T>(
  page: PageOfRows<R>,
  toNode: (row: R) => T,
  count: () => Promise<number>,
): ConnectionShape<T> {
  const nodes = page.rows.map(toNode);
  let counted: Promise<number> | undefined;
  let edges: { cursor: string; node: T }[] | undefined;
  return {
    nodes,
    // Edges and their cursors are built only when selected; `nodes { … }` alone needs neither.
    get edges() {
      edges ??= nodes.map((node, index) => ({ cursor: page.cursors[index]!, node }));
      return edges;
    },
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      get startCursor() {
        return page.cursors[0] ?? null;
      },
      get endCursor() {
        return page.cursors[page.cursors.length - 1] ?? null;
      },
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}
