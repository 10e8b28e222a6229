import type { Db } from "../../db/client";
import type { Event as EventRow, EventParticipant, Place as PlaceRow } from "../../generated/prisma/client";
import { Prisma } from "../../generated/prisma/client";
import type { KeyedRow, SortKey } from "../../common/keyset";
import { listIdentity } from "../../common/keyset";
import type { ChildListQuery, ListQuery } from "../../common/pages";
import { columnsOf } from "../../common/pages";
import { periodOverlaps } from "../../common/period";

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

const EVENT_COLUMNS = columnsOf("e", Prisma.EventScalarFieldEnum);
const toEventNode = (row: KeyedRow) => toEvent(row as unknown as EventRow);

/** Keys of an event order; undated events come last either way (indexes in `keyset_paging`). */
function eventKeys({ field, direction }: EventSort): SortKey[] {
  const descending = direction === "DESC";
  const id: SortKey = { sql: `e."id"`, type: "int", descending };
  if (field === "TITLE") return [{ sql: `e."title"`, type: "text", descending }, id];
  const undated = descending ? "-infinity" : "infinity";
  return [{ sql: `COALESCE(e."startsAt", '${undated}'::timestamptz)`, type: "timestamptz", descending }, id];
}

const EARLIEST_FIRST: EventSort = { field: "STARTS_AT", direction: "ASC" };

/** The `events` root list. */
export function eventList(criteria: EventCriteria = {}, sort: EventSort = EARLIEST_FIRST): ListQuery<EventRecord> {
  const { kinds, statuses, participantIds, startsFrom, startsTo } = criteria;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (kinds) conditions.push(Prisma.sql`e.kind = ANY(${kinds}::"EventKind"[])`);
  if (statuses) conditions.push(Prisma.sql`e.status = ANY(${statuses}::"EventStatus"[])`);
  if (participantIds) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "EventParticipant" p WHERE p."eventId" = e.id AND p."actorId" = ANY(${participantIds}::int[]))`,
    );
  }
  conditions.push(...periodOverlaps("e", "startsAt", startsFrom, startsTo));
  return {
    scope: "Event",
    identity: listIdentity("events", criteria, sort),
    keys: eventKeys(sort),
    columns: EVENT_COLUMNS,
    from: Prisma.sql`"Event" e`,
    where: Prisma.join(conditions, " AND "),
    toNode: toEventNode,
  };
}

/** Events linked to a parent row through a join table, earliest first. */
function childEvents(name: string, join: string, parentColumn: string): ChildListQuery<EventRecord> {
  return {
    name,
    scope: "Event",
    keys: eventKeys(EARLIEST_FIRST),
    columns: EVENT_COLUMNS,
    from: () => Prisma.raw(`"${join}" link JOIN "Event" e ON e.id = link."eventId"`),
    where: (parent) => Prisma.sql`link.${Prisma.raw(`"${parentColumn}"`)} = ${parent}`,
    toNode: toEventNode,
  };
}

/** Events a statement is reported as context of. */
export const eventsStatementIsAbout = childEvents("Statement.aboutEvents", "StatementEvent", "statementId");

/**
 * Events an actor took part in, earliest first by the start copied onto the link (see the
 * link_sort_keys migration), so the actor's index serves the page.
 */
export const eventsOfParticipant: ChildListQuery<EventRecord> = {
  ...childEvents("Actor.events", "EventParticipant", "actorId"),
  keys: [
    { sql: `COALESCE(link."eventStartsAt", 'infinity'::timestamptz)`, type: "timestamptz" },
    { sql: `link."eventId"`, type: "int" },
  ],
};

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
