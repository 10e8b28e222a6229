import type { Db } from "../../db/client";

/** The latest position (by `asOf`, then id) of each actor on each topic, keyed `actorId:topicId`. */
export async function latestPositionIds(db: Db, actorIds: number[], topicIds: number[]): Promise<Map<string, number>> {
  if (actorIds.length === 0 || topicIds.length === 0) return new Map();
  const rows = await db.position.findMany({
    where: { holderId: { in: actorIds }, topicId: { in: topicIds } },
    select: { id: true, holderId: true, topicId: true },
    orderBy: [{ asOf: "desc" }, { id: "desc" }],
    distinct: ["holderId", "topicId"],
  });
  return new Map(rows.map((row) => [`${row.holderId}:${row.topicId}`, row.id]));
}

/** Holders of any position on the topics, and (for an event) its participants. */
export async function matrixActorIds(db: Db, topicIds: number[], eventId: number | undefined): Promise<number[]> {
  const holders = await db.position.findMany({ where: { topicId: { in: topicIds } }, select: { holderId: true } });
  const ids = new Set(holders.map((row) => row.holderId));
  if (eventId !== undefined) {
    const participants = await db.eventParticipant.findMany({ where: { eventId }, select: { actorId: true } });
    for (const row of participants) ids.add(row.actorId);
  }
  const actors = await db.actor.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return actors.map((row) => row.id);
}

/** The distinct topics of an event's statements (see `statementsOfEvent`), by name. */
export async function topicIdsOfEvent(db: Db, eventId: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT t.id FROM "Topic" t
    WHERE EXISTS (
      SELECT 1 FROM "StatementTopic" st
      WHERE st."topicId" = t.id AND st."statementId" IN (SELECT event_statement_ids(${eventId}))
    )
    ORDER BY t.name, t.id`;
  return rows.map((row) => Number(row.id));
}

export interface StanceCellRecord {
  actorId: number;
  topicId: number;
  positionId: number | null;
  known: boolean;
}

export interface StanceMatrixRecord {
  topicIds: number[];
  actorIds: number[];
  rows: { actorId: number; cells: StanceCellRecord[] }[];
}

/** Every actor × topic cell, in the given orders; cells without a position are explicit. */
export async function stanceMatrix(db: Db, actorIds: number[], topicIds: number[]): Promise<StanceMatrixRecord> {
  const latest = await latestPositionIds(db, actorIds, topicIds);
  return {
    topicIds,
    actorIds,
    rows: actorIds.map((actorId) => ({
      actorId,
      cells: topicIds.map((topicId) => {
        const positionId = latest.get(`${actorId}:${topicId}`) ?? null;
        return { actorId, topicId, positionId, known: positionId !== null };
      }),
    })),
  };
}
