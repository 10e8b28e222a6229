import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { ConnectionArgs, ConnectionShape } from "./connection";
import { DEFAULT_PAGE_SIZE, toConnection, validateConnectionArgs } from "./connection";
import type { KeyedRow, PageOfRows, PageWindow, SortKey } from "./keyset";
import { assemblePage, pageSelect, pageWindow } from "./keyset";
import type { LoaderFactory } from "./loaders";

/** A list read straight from its table: a root field's list, filtered and ordered. */
export interface ListQuery<T> {
  /** The kind of item, named in cursors ("Statement"). */
  scope: string;
  /** The field with its filter and order: a cursor is valid only where this is the same. */
  identity: string;
  /** The order; an index should serve it (tests/integration/query-plans.test.ts). */
  keys: readonly SortKey[];
  /** The selected columns of one row. */
  columns: Prisma.Sql;
  from: Prisma.Sql;
  where: Prisma.Sql;
  toNode: (row: KeyedRow) => T;
}

/** A list under each of many parents (an actor's statements), read for a batch of parents at once. */
export interface ChildListQuery<T> extends Omit<ListQuery<T>, "identity" | "from" | "where"> {
  /** The field ("Actor.statements"); with the parent's id, the list's identity. */
  name: string;
  /**
   * FROM and WHERE for one parent, given the SQL of its id. `from` also gets the page's window
   * when a page is read (not when counting), for lists made of parts (see `limitedUnion`).
   */
  from: (parent: Prisma.Sql, window?: PageWindow) => Prisma.Sql;
  where: (parent: Prisma.Sql) => Prisma.Sql;
  /** What to count instead, where the rows can be counted without the joins the page needs. */
  counted?: Pick<ChildListQuery<T>, "from" | "where">;
}

/**
 * A list made of parts (a timeline's statements and positions) as a FROM item aliased `t`: each
 * part seeks and stops after the page on its own index, so the merge reads at most a page from
 * each. The parts select the same columns, the key columns among them under the keys' names.
 */
export function limitedUnion(keys: readonly SortKey[], parts: Prisma.Sql[], window?: PageWindow): Prisma.Sql {
  const read = window
    ? parts.map(
        (part) =>
          Prisma.sql`(${pageSelect({ keys, columns: Prisma.sql`*`, from: Prisma.sql`(${part}) t` }, window, { keys: false })})`,
      )
    : parts;
  return Prisma.sql`(${Prisma.join(read, " UNION ALL ")}) t`;
}

/** The window's rows and one more (which only tells that more follow), in reading direction. */
export function readWindow(db: Db, query: Omit<ListQuery<unknown>, "identity" | "toNode">, window: PageWindow) {
  return db.$queryRaw<KeyedRow[]>(pageSelect(query, window));
}

async function countRows(db: Db, query: Pick<ListQuery<unknown>, "from" | "where">): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>(
    Prisma.sql`SELECT count(*)::int AS count FROM ${query.from} WHERE ${query.where}`,
  );
  return row!.count;
}

/** The parent's id in child list SQL, under a name no list's own aliases take. */
const PARENT_ID = Prisma.sql`__parent.id`;

const identityOf = (query: ChildListQuery<unknown>, parentId: number) => `${query.name}:${parentId}`;

/**
 * One page under each parent, in one statement: a LATERAL subquery per parent seeks its own
 * index range and stops after the page, so no parent's other children are read. A cursor is
 * its parent's: one from another parent's list is an error for that parent alone.
 */
async function readChildPages(
  db: Db,
  query: ChildListQuery<unknown>,
  args: ConnectionArgs,
  parentIds: number[],
): Promise<(PageOfRows<KeyedRow> | Error)[]> {
  const windows = parentIds.map((id) => {
    try {
      return pageWindow(args, query.scope, identityOf(query, id), query.keys, DEFAULT_PAGE_SIZE);
    } catch (error) {
      return error as Error;
    }
  });
  const readable = parentIds.filter((_, index) => !(windows[index] instanceof Error));
  // Every parent's window holds the same arguments, so the same seek.
  const window = windows.find((w): w is PageWindow => !(w instanceof Error));
  const byParent = new Map<number, KeyedRow[]>(readable.map((id) => [id, []]));
  if (window) {
    const parent = PARENT_ID;
    const page = pageSelect({ ...query, from: query.from(parent, window), where: query.where(parent) }, window, {
      numbered: true,
    });
    const rows = await db.$queryRaw<(KeyedRow & { _parent: number })[]>(Prisma.sql`
      SELECT __parent.id AS "_parent", x.*
      FROM unnest(${readable}::int[]) AS __parent(id)
      CROSS JOIN LATERAL (${page}) x
      ORDER BY __parent.id, x."_n"`);
    for (const row of rows) byParent.get(Number(row._parent))!.push(row);
  }
  return parentIds.map((id, index) => {
    const parentWindow = windows[index]!;
    if (parentWindow instanceof Error) return parentWindow;
    return assemblePage(byParent.get(id)!, parentWindow, query.scope, identityOf(query, id), query.keys.length);
  });
}

async function countChildren(db: Db, list: ChildListQuery<unknown>, parentIds: number[]): Promise<number[]> {
  const query = list.counted ?? list;
  const parent = PARENT_ID;
  const rows = await db.$queryRaw<{ parent: number; count: number }[]>(Prisma.sql`
    SELECT __parent.id AS parent, (SELECT count(*)::int FROM ${query.from(parent)} WHERE ${query.where(parent)}) AS count
    FROM unnest(${parentIds}::int[]) AS __parent(id)`);
  const counts = new Map(rows.map((row) => [Number(row.parent), row.count]));
  return parentIds.map((id) => counts.get(id) ?? 0);
}

/** Reads connections for one request: root lists directly, child lists batched per wave. */
export function createPageReader(db: Db, make: LoaderFactory) {
  return {
    /** The list's length, counted once per request however many fields and aliases ask. */
    count(query: ListQuery<unknown>): Promise<number> {
      return make.shared(`count ${query.identity}`, () => make.track(countRows(db, query)));
    },

    async root<T>(query: ListQuery<T>, args: ConnectionArgs): Promise<ConnectionShape<T>> {
      validateConnectionArgs(args);
      const window = pageWindow(args, query.scope, query.identity, query.keys, DEFAULT_PAGE_SIZE);
      const rows = await make.track(readWindow(db, query, window));
      const page = assemblePage(rows, window, query.scope, query.identity, query.keys.length);
      return toConnection(page, query.toNode, () => this.count(query as ListQuery<unknown>));
    },

    async child<T>(query: ChildListQuery<T>, parentId: number, args: ConnectionArgs): Promise<ConnectionShape<T>> {
      validateConnectionArgs(args);
      const argsKey = JSON.stringify([args.first, args.last, args.after, args.before]);
      const pages = make.shared(`page ${query.name} ${argsKey}`, () =>
        make.batch((ids: number[]) => readChildPages(db, query as ChildListQuery<unknown>, args, ids)),
      );
      const counts = make.shared(`count ${query.name}`, () =>
        make.batch((ids: number[]) => countChildren(db, query as ChildListQuery<unknown>, ids)),
      );
      const page = await pages.load(parentId);
      return toConnection(page, query.toNode, () => counts.load(parentId));
    },
  };
}
export type PageReader = ReturnType<typeof createPageReader>;

/** `alias."a", alias."b", …`: the scalar columns of a model (Prisma's `<Model>ScalarFieldEnum`). */
export function columnsOf(alias: string, fields: Record<string, string>): Prisma.Sql {
  return Prisma.raw(
    Object.values(fields)
      .map((field) => `${alias}."${field}"`)
      .join(", "),
  );
}
