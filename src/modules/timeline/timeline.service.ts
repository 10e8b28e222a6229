import { Prisma } from "../../generated/prisma/client";
import type { KeyedRow, PageWindow, SortKey } from "../../common/keyset";
import type { ChildListQuery } from "../../common/pages";
import { limitedUnion } from "../../common/pages";

export type TimelineItemType = "Event" | "Statement" | "Position";

export interface TimelineEntryRecord {
  type: TimelineItemType;
  id: number;
  at: Date | null;
  timeZone: string | null;
  timePrecision: "MINUTE" | "HOUR" | "DAY" | "MONTH" | "YEAR" | null;
  dating: "SAID" | "REPORTED" | "AS_OF" | "STARTS" | "UNDATED";
}

/**
 * Earliest first, undated last; at the same time events, then statements in source order, then
 * positions. `sort_kind` tells the kinds apart, so the keys are unique across them.
 */
const TIMELINE_KEYS: SortKey[] = [
  { sql: `t.sort_at`, type: "timestamptz" },
  { sql: `t.sort_kind`, type: "int" },
  { sql: `t.sort_source`, type: "int" },
  { sql: `t.sort_offset`, type: "int" },
  { sql: `t.id`, type: "int" },
];

const COLUMNS = Prisma.raw(`t.type, t.id, t.at, t."timeZone", t."timePrecision", t.dating`);

/** A statement on a timeline: when it was said, else the day its source was published. */
const STATEMENT_ENTRY = Prisma.sql`
  SELECT 'Statement' AS type, s.id, COALESCE(s."saidAt", s."reportedAt") AS at,
    CASE WHEN s."saidAt" IS NOT NULL THEN s."timeZone" WHEN s."reportedAt" IS NOT NULL THEN 'UTC' END AS "timeZone",
    CASE WHEN s."saidAt" IS NOT NULL THEN s."timePrecision"::text WHEN s."reportedAt" IS NOT NULL THEN 'DAY' END AS "timePrecision",
    CASE WHEN s."saidAt" IS NOT NULL THEN 'SAID' WHEN s."reportedAt" IS NOT NULL THEN 'REPORTED' ELSE 'UNDATED' END AS dating,
    COALESCE(s."saidAt", s."reportedAt", 'infinity'::timestamptz) AS sort_at,
    1 AS sort_kind, s."sourceId" AS sort_source, s.start AS sort_offset
  FROM "Statement" s`;

function toEntry(row: KeyedRow): TimelineEntryRecord {
  return {
    type: row.type as TimelineItemType,
    id: Number(row.id),
    at: row.at as Date | null,
    timeZone: row.timeZone as string | null,
    timePrecision: row.timePrecision as TimelineEntryRecord["timePrecision"],
    dating: row.dating as TimelineEntryRecord["dating"],
  };
}

function timeline(name: string, parts: (parent: Prisma.Sql) => Prisma.Sql[]): ChildListQuery<TimelineEntryRecord> {
  return {
    name,
    scope: "TimelineEntry",
    keys: TIMELINE_KEYS,
    columns: COLUMNS,
    from: (parent: Prisma.Sql, window?: PageWindow) => limitedUnion(TIMELINE_KEYS, parts(parent), window),
    where: () => Prisma.sql`TRUE`,
    toNode: toEntry,
  };
}

/** An actor's statements and positions, in time order. */
export const actorTimeline = timeline("Actor.timeline", (actor) => [
  Prisma.sql`${STATEMENT_ENTRY} WHERE s."speakerId" = ${actor}`,
  Prisma.sql`SELECT 'Position' AS type, p.id, p."asOf"::timestamp AT TIME ZONE 'UTC' AS at, 'UTC' AS "timeZone",
      'DAY' AS "timePrecision", 'AS_OF' AS dating, p."asOf"::timestamp AT TIME ZONE 'UTC' AS sort_at,
      2 AS sort_kind, 0 AS sort_source, 0 AS sort_offset
    FROM "Position" p WHERE p."holderId" = ${actor}`,
]);

/** An event's sub-events (at any depth) and statements (see `Event.statements`), in time order. */
export const eventTimeline = timeline("Event.timeline", (event) => [
  Prisma.sql`SELECT 'Event' AS type, e.id, e."startsAt" AS at, e."timeZone",
      CASE WHEN e."startsAt" IS NULL THEN NULL ELSE e."timePrecision"::text END AS "timePrecision",
      CASE WHEN e."startsAt" IS NULL THEN 'UNDATED' ELSE 'STARTS' END AS dating,
      COALESCE(e."startsAt", 'infinity'::timestamptz) AS sort_at, 0 AS sort_kind, 0 AS sort_source, 0 AS sort_offset
    FROM "Event" e WHERE e.id IN (SELECT event_tree_ids(${event})) AND e.id <> ${event}`,
  Prisma.sql`${STATEMENT_ENTRY} WHERE s.id IN (SELECT event_statement_ids(${event}))`,
]);
