import { Prisma } from "../generated/prisma/client";

/**
 * SQL conditions for a range filter on a dated row. A date stands for the period its precision
 * gives (a DAY is that whole day in its time zone; UTC when unknown), and matches when that
 * period overlaps [from, to]. Undated rows never match a range. `alias` names the row's table
 * in the query; `column` its instant, beside which sit `timeZone` and `timePrecision`.
 */
export function periodOverlaps(alias: string, column: string, from?: Date | null, to?: Date | null): Prisma.Sql[] {
  if (!from && !to) return [];
  const at = Prisma.raw(`${alias}."${column}"`);
  const timeZone = Prisma.raw(`${alias}."timeZone"`);
  const precision = Prisma.raw(`${alias}."timePrecision"`);
  const conditions = [Prisma.sql`${at} IS NOT NULL`];
  if (from)
    conditions.push(Prisma.sql`time_period_end(${at}, COALESCE(${timeZone}, 'UTC'), ${precision}::text) > ${from}`);
  if (to) conditions.push(Prisma.sql`${at} <= ${to}`);
  return conditions;
}
