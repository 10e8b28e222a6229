import type { Db } from "../../db/client";
import type { Event as EventRow, EventParticipant, Place as PlaceRow } from "../../generated/prisma/client";
import { Prisma } from "../../generated/prisma/client";
import { periodOverlaps } from "../../common/period";
import { keyedIds } from "../../common/relation";

export type EventRecord = EventRow & { typename: "Event" };
export type ParticipantRecord = Pick<EventParticipant, "eventId" | "actorId" | "role" | "note">;
export type PlaceRecord = Omit<PlaceRow, "latitude" | "longitude" | "coordinatesBasis" | "slug"> & {
  typename: "Place";
  coordinates: { latitude: number; longitude: number; basis: NonNullable<PlaceRow["coordinatesBasis"]> } | null;
};

const toEvent = (row: EventRow): EventRecord => ({ ...row, typename: "Event" });

function toPlace({ latitude, longitude, coordinatesBasis, slug: _slug, ...rest }: PlaceRow): PlaceRecord {
  const coordinates =
    latitude !== null && longitude !== null && coordinatesBasis !== null
      ? { latitude, longitude, basis: coordinatesBasis }
      : null;
  return { ...rest, typename: "Place", coordinates };
}

export async function findEventsByIds(db: Db, ids: number[]): Promise<EventRecord[]> {
  return (await db.event.findMany({ where: { id: { in: ids } } })).map(toEvent);
}

export async function findEventsBySlugs(db: Db, slugs: string[]): Promise<EventRecord[]> {
  return (await db.event.findMany({ where: { slug: { in: slugs } } })).map(toEvent);
}

export async function findPlacesByIds(db: Db, ids: number[]): Promise<PlaceRecord[]> {
  return (await db.place.findMany({ where: { id: { in: ids } } })).map(toPlace);
}

/** Conditions on events, slugs already resolved to ids; an absent key is no condition. */
export interface EventCriteria {
  kinds?: EventRow["kind"][];
  statuses?: EventRow["status"][];
  participantIds?: number[];
  startsFrom?: Date | null;
  startsTo?: Date | null;
}

export type EventSort = { field: "STARTS_AT" | "TITLE"; direction: "ASC" | "DESC" };

export async function listEventIds(
  db: Db,
  criteria: EventCriteria = {},
  sort: EventSort = { field: "STARTS_AT", direction: "ASC" },
): Promise<number[]> {
  const { kinds, statuses, participantIds, startsFrom, startsTo } = criteria;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (kinds) conditions.push(Prisma.sql`e.kind::text = ANY(${kinds}::text[])`);
  if (statuses) conditions.push(Prisma.sql`e.status::text = ANY(${statuses}::text[])`);
  if (participantIds) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "EventParticipant" p WHERE p."eventId" = e.id AND p."actorId" = ANY(${participantIds}::int[]))`,
    );
  }
  conditions.push(...periodOverlaps("e", "startsAt", startsFrom, startsTo));
  const dir = sort.direction === "DESC" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const order =
    sort.field === "TITLE"
      ? Prisma.sql`e.title ${dir}, e.id ${dir}`
      : Prisma.sql`e."startsAt" ${dir} NULLS LAST, e.id ${dir}`;
  const rows = await db.$queryRaw<{ id: number }[]>(
    Prisma.sql`SELECT e.id FROM "Event" e WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${order}`,
  );
  return rows.map((row) => Number(row.id));
}

export async function findParticipants(
  db: Db,
  eventIds: number[],
): Promise<{ key: number; value: ParticipantRecord }[]> {
  const rows = await db.eventParticipant.findMany({
    where: { eventId: { in: eventIds } },
    orderBy: [{ role: "asc" }, { actorId: "asc" }],
  });
  return rows.map((row) => ({ key: row.eventId, value: row }));
}

export async function subEventIds(db: Db, eventIds: number[]) {
  const rows = await db.event.findMany({
    where: { parentId: { in: eventIds } },
    select: { id: true, parentId: true },
    orderBy: [{ startsAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
  });
  return rows.map((row) => ({ key: row.parentId!, value: row.id }));
}

/**
 * CTE `linked(root, "statementId")`: for each event in `keys`, the statements made at it
 * (occasion) or reported as about it, and the same for all its sub-events at any depth.
 */
export function linkedStatements(keys: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
      WITH RECURSIVE tree(root, id) AS (
        SELECT id, id FROM "Event" WHERE id = ANY(${keys})
        UNION
        SELECT tree.root, child.id FROM "Event" child JOIN tree ON child."parentId" = tree.id
      ),
      linked(root, "statementId") AS (
        SELECT tree.root, s.id FROM tree JOIN "Statement" s ON s."occasionId" = tree.id
        UNION
        SELECT tree.root, se."statementId" FROM tree JOIN "StatementEvent" se ON se."eventId" = tree.id
      )
`;
}

/**
 * Statements of each event and of all its sub-events, at any depth: made there
 * (occasion) or reported as about it. In the order their sources report them.
 */
export function statementIdsOfEvents(db: Db, eventIds: number[]) {
  return keyedIds(
    db,
    (keys) => Prisma.sql`
      ${linkedStatements(keys)}
      SELECT linked.root AS key, s.id AS value
      FROM linked JOIN "Statement" s ON s.id = linked."statementId"
      ORDER BY linked.root, s."sourceId", s.start, s.id`,
    eventIds,
  );
}

/** Positions evidenced by any statement of each event (see statementIdsOfEvents). */
export function positionIdsOfEvents(db: Db, eventIds: number[]) {
  return keyedIds(
    db,
    (keys) => Prisma.sql`
      ${linkedStatements(keys)}
      SELECT DISTINCT linked.root AS key, pe."positionId" AS value
      FROM linked JOIN "PositionEvidence" pe ON pe."statementId" = linked."statementId"
      ORDER BY key, value`,
    eventIds,
  );
}

/** Events each actor took part in, earliest first. */
export async function eventIdsOfParticipants(db: Db, actorIds: number[]) {
  const rows = await db.eventParticipant.findMany({
    where: { actorId: { in: actorIds } },
    select: { actorId: true, eventId: true },
    orderBy: [{ event: { startsAt: { sort: "asc", nulls: "last" } } }, { eventId: "asc" }],
  });
  return rows.map((row) => ({ key: row.actorId, value: row.eventId }));
}
