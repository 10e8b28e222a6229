import type { Db } from "../../db/client";
import type { Position as PositionRow } from "../../generated/prisma/client";
import { toLocalDate } from "../../common/dates";
import type { KeyedRow, SortKey } from "../../common/keyset";
import { listIdentity } from "../../common/keyset";
import type { ChildListQuery, ListQuery } from "../../common/pages";
import { columnsOf } from "../../common/pages";
import { Prisma } from "../../generated/prisma/client";

export type PositionRecord = Omit<PositionRow, "asOf" | "key"> & { typename: "Position"; asOf: string };

const toPosition = ({ asOf, key: _key, ...row }: PositionRow): PositionRecord => ({
  ...row,
  typename: "Position",
  asOf: toLocalDate(asOf),
});

const POSITION_COLUMNS = columnsOf("p", Prisma.PositionScalarFieldEnum);
const toPositionNode = (row: KeyedRow) => toPosition(row as unknown as PositionRow);

export async function findPositionsByIds(db: Db, ids: number[]): Promise<PositionRecord[]> {
  return (await db.position.findMany({ where: { id: { in: ids } } })).map(toPosition);
}

/** Conditions on positions, slugs already resolved to ids; an absent key is no condition. */
export interface PositionCriteria {
  holderIds?: number[];
  topicIds?: number[];
  stances?: PositionRow["stance"][];
  asOfFrom?: string | null;
  asOfTo?: string | null;
}

export type PositionSort = { field: "AS_OF" | "HOLDER_NAME"; direction: "ASC" | "DESC" };

/** Keys of a position order. HOLDER_NAME sorts by the holder's name and id, then the topic's name. */
function positionKeys({ field, direction }: PositionSort): SortKey[] {
  const descending = direction === "DESC";
  const id: SortKey = { sql: `p."id"`, type: "int", descending };
  if (field === "AS_OF") return [{ sql: `p."asOf"`, type: "date", descending }, id];
  return [
    { sql: `a."name"`, type: "text", descending },
    { sql: `a."id"`, type: "int", descending },
    { sql: `t."name"`, type: "text", descending },
    id,
  ];
}

const OLDEST_FIRST: PositionSort = { field: "AS_OF", direction: "ASC" };

/** The `positions` root list. */
export function positionList(
  criteria: PositionCriteria = {},
  sort: PositionSort = OLDEST_FIRST,
): ListQuery<PositionRecord> {
  const { holderIds, topicIds, stances, asOfFrom, asOfTo } = criteria;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (holderIds) conditions.push(Prisma.sql`p."holderId" = ANY(${holderIds}::int[])`);
  if (topicIds) conditions.push(Prisma.sql`p."topicId" = ANY(${topicIds}::int[])`);
  if (stances) conditions.push(Prisma.sql`p.stance = ANY(${stances}::"Stance"[])`);
  if (asOfFrom) conditions.push(Prisma.sql`p."asOf" >= ${asOfFrom}::date`);
  if (asOfTo) conditions.push(Prisma.sql`p."asOf" <= ${asOfTo}::date`);
  return {
    scope: "Position",
    identity: listIdentity("positions", criteria, sort),
    keys: positionKeys(sort),
    columns: POSITION_COLUMNS,
    from:
      sort.field === "HOLDER_NAME"
        ? Prisma.sql`"Position" p JOIN "Actor" a ON a.id = p."holderId" JOIN "Topic" t ON t.id = p."topicId"`
        : Prisma.sql`"Position" p`,
    where: Prisma.join(conditions, " AND "),
    toNode: toPositionNode,
  };
}

function childPositions(
  name: string,
  keys: SortKey[],
  from: (parent: Prisma.Sql) => Prisma.Sql,
  where: (parent: Prisma.Sql) => Prisma.Sql,
): ChildListQuery<PositionRecord> {
  return { name, scope: "Position", keys, columns: POSITION_COLUMNS, from, where, toNode: toPositionNode };
}

const POSITION = () => Prisma.sql`"Position" p`;
const BY_ID: SortKey[] = [{ sql: `p."id"`, type: "int" }];

export const positionsByHolder = childPositions(
  "Actor.positions",
  positionKeys(OLDEST_FIRST),
  POSITION,
  (actor) => Prisma.sql`p."holderId" = ${actor}`,
);

export const positionsByTopic = childPositions(
  "Topic.positions",
  positionKeys(OLDEST_FIRST),
  POSITION,
  (topic) => Prisma.sql`p."topicId" = ${topic}`,
);

/** The positions a statement is evidence for. */
export const positionsEvidencedBy = childPositions(
  "Statement.positions",
  BY_ID,
  () => Prisma.sql`"PositionEvidence" pe JOIN "Position" p ON p.id = pe."positionId"`,
  (statement) => Prisma.sql`pe."statementId" = ${statement}`,
);

/** Positions evidenced by any statement of the event (see `statementsOfEvent`). */
export const positionsOfEvent = childPositions(
  "Event.positions",
  BY_ID,
  // From the event's few statements to their positions, never through all positions by id.
  (event) => Prisma.sql`(
    SELECT DISTINCT pe."positionId" AS id FROM "PositionEvidence" pe
    WHERE pe."statementId" IN (SELECT event_statement_ids(${event}))
  ) evidenced JOIN "Position" p ON p.id = evidenced.id`,
  () => Prisma.sql`TRUE`,
);
