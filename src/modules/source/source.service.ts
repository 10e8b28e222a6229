import type { Db } from "../../db/client";
import type { Source as SourceRow } from "../../generated/prisma/client";
import { toLocalDate } from "../../common/dates";
import { Prisma } from "../../generated/prisma/client";
import type { ListQuery } from "../../common/pages";
import { columnsOf } from "../../common/pages";

export type SourceRecord = Omit<SourceRow, "publishedOn"> & { typename: "Source"; publishedOn: string | null };

/** Where a fact stands in its source: W3C Web Annotation position + quote selectors. */
export interface ProvenanceRecord {
  sourceId: number;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

interface SpanColumns {
  sourceId: number | null;
  start: number | null;
  end: number | null;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
}

/** The provenance of a row that may carry a source span (all span columns set), or null. */
export function provenanceOf(row: SpanColumns): ProvenanceRecord | null {
  const { sourceId, start, end, exact, prefix, suffix } = row;
  if (sourceId === null || start === null || end === null || exact === null) return null;
  return { sourceId, start, end, exact, prefix: prefix ?? "", suffix: suffix ?? "" };
}

const toSource = (row: SourceRow): SourceRecord => ({
  ...row,
  typename: "Source",
  publishedOn: toLocalDate(row.publishedOn),
});

export async function findSourcesByIds(db: Db, ids: number[]): Promise<SourceRecord[]> {
  return (await db.source.findMany({ where: { id: { in: ids } } })).map(toSource);
}

/** The `sources` root list, in the order they were added. */
export const sourceList: ListQuery<SourceRecord> = {
  scope: "Source",
  identity: "sources",
  keys: [{ sql: `src."id"`, type: "int" }],
  columns: columnsOf("src", Prisma.SourceScalarFieldEnum),
  from: Prisma.sql`"Source" src`,
  where: Prisma.sql`TRUE`,
  toNode: (row) => toSource(row as unknown as SourceRow),
};
