import type { Db } from "../../db/client";
import { Prisma } from "../../generated/prisma/client";
import { linkedStatements } from "../event/event.service";

export type TimelineItemType = "Event" | "Statement" | "Position";

export interface TimelineEntryRecord {
  /** `Statement:12`: unique within one timeline, used as its cursor key. */
  key: string;
  type: TimelineItemType;
  id: number;
  at: Date | null;
  timeZone: string | null;
  timePrecision: "MINUTE" | "HOUR" | "DAY" | "MONTH" | "YEAR" | null;
  dating: "SAID" | "REPORTED" | "AS_OF" | "STARTS" | "UNDATED";
}

interface Row extends Omit<TimelineEntryRecord, "key"> {
  owner: number;
}

/** Statement columns of a timeline row: said-at when known, else the source's publication day. */
const STATEMENT_TIME = Prisma.sql`
  COALESCE(s."saidAt", src."publishedOn"::timestamp AT TIME ZONE 'UTC') AS at,
  CASE WHEN s."saidAt" IS NOT NULL THEN s."timeZone" WHEN src."publishedOn" IS NOT NULL THEN 'UTC' END AS "timeZone",
  CASE WHEN s."saidAt" IS NOT NULL THEN s."timePrecision"::text WHEN src."publishedOn" IS NOT NULL THEN 'DAY' END AS "timePrecision",
  CASE WHEN s."saidAt" IS NOT NULL THEN 'SAID' WHEN src."publishedOn" IS NOT NULL THEN 'REPORTED' ELSE 'UNDATED' END AS dating`;

/** Earliest first, undated last; at the same time events, then statements in source order, then positions. */
const TIMELINE_ORDER = Prisma.sql`ORDER BY owner, at ASC NULLS LAST, sort_kind, sort_source, sort_offset, id`;

function toEntries(rows: Row[]): { key: number; value: TimelineEntryRecord }[] {
  return rows.map(({ owner, ...row }) => ({
    key: Number(owner),
    value: { ...row, id: Number(row.id), key: `${row.type}:${row.id}` },
  }));
}

/** Each actor's statements and positions, in time order. */
export async function actorTimelines(db: Db, actorIds: number[]) {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT s."speakerId" AS owner, 'Statement' AS type, s.id, ${STATEMENT_TIME},
           1 AS sort_kind, s."sourceId" AS sort_source, s.start AS sort_offset
    FROM "Statement" s JOIN "Source" src ON src.id = s."sourceId"
    WHERE s."speakerId" = ANY(${actorIds}::int[])
    UNION ALL
    SELECT p."holderId", 'Position', p.id, p."asOf"::timestamp AT TIME ZONE 'UTC', 'UTC', 'DAY', 'AS_OF', 2, 0, 0
    FROM "Position" p
    WHERE p."holderId" = ANY(${actorIds}::int[])
    ${TIMELINE_ORDER}`);
  return toEntries(rows);
}

/** Each event's sub-events (at any depth) and statements (see `Event.statements`), in time order. */
export async function eventTimelines(db: Db, eventIds: number[]) {
  const keys = Prisma.sql`${eventIds}::int[]`;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    ${linkedStatements(keys)}
    SELECT tree.root AS owner, 'Event' AS type, e.id, e."startsAt" AS at, e."timeZone",
           CASE WHEN e."startsAt" IS NULL THEN NULL ELSE e."timePrecision"::text END AS "timePrecision",
           CASE WHEN e."startsAt" IS NULL THEN 'UNDATED' ELSE 'STARTS' END AS dating,
           0 AS sort_kind, 0 AS sort_source, 0 AS sort_offset
    FROM tree JOIN "Event" e ON e.id = tree.id
    WHERE tree.id <> tree.root
    UNION ALL
    SELECT linked.root, 'Statement', s.id, ${STATEMENT_TIME}, 1, s."sourceId", s.start
    FROM linked JOIN "Statement" s ON s.id = linked."statementId" JOIN "Source" src ON src.id = s."sourceId"
    ${TIMELINE_ORDER}`);
  return toEntries(rows);
}
