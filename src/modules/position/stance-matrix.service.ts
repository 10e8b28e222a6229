import type { Db } from "../../db/client";
import { Prisma } from "../../generated/prisma/client";
import type { Stance } from "./position.enums";

export interface LatestPosition {
  id: number;
  holderId: number;
  topicId: number;
  stance: Stance;
}

/**
 * The latest position (by `asOf`, then id) of each actor on each topic, with its stance, keyed
 * `actorId:topicId`; all holders' when `actorIds` is null.
 */
export async function latestPositions(
  db: Db,
  actorIds: number[] | null,
  topicIds: number[],
): Promise<Map<string, LatestPosition>> {
  if (topicIds.length === 0 || actorIds?.length === 0) return new Map();
  const holders = actorIds ? Prisma.sql`AND p."holderId" = ANY(${actorIds}::int[])` : Prisma.empty;
  const rows = await db.$queryRaw<LatestPosition[]>`
    SELECT DISTINCT ON (p."holderId", p."topicId") p."holderId", p."topicId", p.id, p.stance::text AS stance
    FROM "Position" p
    WHERE p."topicId" = ANY(${topicIds}::int[]) ${holders}
    ORDER BY p."holderId", p."topicId", p."asOf" DESC, p.id DESC`;
  return new Map(rows.map((row) => [`${row.holderId}:${row.topicId}`, row]));
}

/** The rows of a matrix by default: the holders of its positions and an event's participants, by name. */
export async function matrixActorIds(
  db: Db,
  holderIds: Iterable<number>,
  eventId: number | undefined,
): Promise<number[]> {
  const participants =
    eventId === undefined
      ? Prisma.empty
      : Prisma.sql`OR a.id IN (SELECT ep."actorId" FROM "EventParticipant" ep WHERE ep."eventId" = ${eventId})`;
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT a.id FROM "Actor" a
    WHERE a.id = ANY(${[...holderIds]}::int[]) ${participants}
    ORDER BY a.name, a.id`;
  return rows.map((row) => row.id);
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
  /** The latest position's stance, read with the matrix, so a cell needs no position loaded for it. */
  stance: Stance | null;
  known: boolean;
}

export interface StanceMatrixRecord {
  topicIds: number[];
  actorIds: number[];
  rows: { actorId: number; cells: StanceCellRecord[] }[];
}

/** Every actor × topic cell, in the given orders; cells without a position are explicit. */
export function stanceMatrix(
  actorIds: number[],
  topicIds: number[],
  latest: Map<string, LatestPosition>,
): StanceMatrixRecord {
  return {
    topicIds,
    actorIds,
    rows: actorIds.map((actorId) => ({
      actorId,
      cells: topicIds.map((topicId) => {
        const position = latest.get(`${actorId}:${topicId}`);
        return {
          actorId,
          topicId,
          positionId: position?.id ?? null,
          stance: position?.stance ?? null,
          known: position !== undefined,
        };
      }),
    })),
  };
}
