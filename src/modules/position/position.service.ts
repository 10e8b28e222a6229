import type { Db } from "../../db/client";
import type { Position as PositionRow } from "../../generated/prisma/client";
import { toLocalDate } from "../../common/dates";
import { JOINED_READING_ORDER } from "../statement/statement.service";

export type PositionRecord = Omit<PositionRow, "asOf" | "key"> & { typename: "Position"; asOf: string };

const toPosition = ({ asOf, key: _key, ...row }: PositionRow): PositionRecord => ({
  ...row,
  typename: "Position",
  asOf: toLocalDate(asOf),
});

const ORDER = [{ asOf: "asc" }, { id: "asc" }] as const;

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

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

export async function listPositionIds(
  db: Db,
  criteria: PositionCriteria = {},
  sort: PositionSort = { field: "AS_OF", direction: "ASC" },
): Promise<number[]> {
  const { holderIds, topicIds, stances, asOfFrom, asOfTo } = criteria;
  const direction = sort.direction === "DESC" ? "desc" : "asc";
  const rows = await db.position.findMany({
    where: {
      ...(holderIds ? { holderId: { in: holderIds } } : {}),
      ...(topicIds ? { topicId: { in: topicIds } } : {}),
      ...(stances ? { stance: { in: stances } } : {}),
      ...(asOfFrom || asOfTo
        ? { asOf: { ...(asOfFrom ? { gte: utcDay(asOfFrom) } : {}), ...(asOfTo ? { lte: utcDay(asOfTo) } : {}) } }
        : {}),
    },
    select: { id: true },
    orderBy:
      sort.field === "HOLDER_NAME"
        ? [{ holder: { name: direction } }, { topic: { name: direction } }, { id: direction }]
        : [{ asOf: direction }, { id: direction }],
  });
  return rows.map((row) => row.id);
}

export async function positionIdsByHolders(db: Db, actorIds: number[]) {
  const rows = await db.position.findMany({
    where: { holderId: { in: actorIds } },
    select: { id: true, holderId: true },
    orderBy: [...ORDER],
  });
  return rows.map((row) => ({ key: row.holderId, value: row.id }));
}

export async function positionIdsByTopics(db: Db, topicIds: number[]) {
  const rows = await db.position.findMany({
    where: { topicId: { in: topicIds } },
    select: { id: true, topicId: true },
    orderBy: [...ORDER],
  });
  return rows.map((row) => ({ key: row.topicId, value: row.id }));
}

/** The statements evidencing each position, in the order their sources report them. */
export async function evidenceIdsByPositions(db: Db, positionIds: number[]) {
  const rows = await db.positionEvidence.findMany({
    where: { positionId: { in: positionIds } },
    orderBy: [...JOINED_READING_ORDER],
  });
  return rows.map((row) => ({ key: row.positionId, value: row.statementId }));
}

/** The positions each statement is evidence for. */
export async function positionIdsByEvidence(db: Db, statementIds: number[]) {
  const rows = await db.positionEvidence.findMany({
    where: { statementId: { in: statementIds } },
    orderBy: [{ positionId: "asc" }],
  });
  return rows.map((row) => ({ key: row.statementId, value: row.positionId }));
}
