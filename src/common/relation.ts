import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";

export interface KeyedId {
  key: number;
  value: number;
}

/**
 * Runs a relation query that selects `key` (the parent) and `value` (the child id),
 * for parents `= ANY($keys)`. The SQL text is a constant of the calling service.
 */
export async function keyedIds(db: Db, sql: (keys: Prisma.Sql) => Prisma.Sql, keys: number[]): Promise<KeyedId[]> {
  const rows = await db.$queryRaw<{ key: number; value: number }[]>(sql(Prisma.sql`${keys}::int[]`));
  return rows.map((row) => ({ key: Number(row.key), value: Number(row.value) }));
}
