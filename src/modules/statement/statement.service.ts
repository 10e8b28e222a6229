import type { Db } from "../../db/client";
import type { Statement as StatementRow } from "../../generated/prisma/client";
import { Prisma } from "../../generated/prisma/client";
import { periodOverlaps } from "../../common/period";
import type { ProvenanceRecord } from "../source/source.service";

export type StatementRecord = Omit<StatementRow, "start" | "end" | "exact" | "prefix" | "suffix" | "key"> & {
  typename: "Statement";
  provenance: ProvenanceRecord;
};

function toStatement({ start, end, exact, prefix, suffix, key: _key, ...row }: StatementRow): StatementRecord {
  return { ...row, typename: "Statement", provenance: { sourceId: row.sourceId, start, end, exact, prefix, suffix } };
}

/** Statements are listed in the order their sources report them. */
const READING_ORDER = [{ sourceId: "asc" }, { start: "asc" }, { id: "asc" }] as const;

/** READING_ORDER for rows of a table joined to Statement by `statementId`. */
export const JOINED_READING_ORDER = [
  { statement: { sourceId: "asc" } },
  { statement: { start: "asc" } },
  { statementId: "asc" },
] as const;

export async function findStatementsByIds(db: Db, ids: number[]): Promise<StatementRecord[]> {
  return (await db.statement.findMany({ where: { id: { in: ids } } })).map(toStatement);
}

/** Conditions on statements, slugs already resolved to ids; an absent key is no condition. */
export interface StatementCriteria {
  speakerIds?: number[];
  topicIds?: number[];
  occasionIds?: number[];
  kinds?: StatementRow["kind"][];
  saidFrom?: Date | null;
  saidTo?: Date | null;
}

export type StatementSort = { field: "SOURCE_ORDER" | "SAID_AT"; direction: "ASC" | "DESC" };

/** SQL conditions on `s` ("Statement") for the criteria. */
export function statementConditions(criteria: StatementCriteria): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const { speakerIds, topicIds, occasionIds, kinds, saidFrom, saidTo } = criteria;
  if (speakerIds) conditions.push(Prisma.sql`s."speakerId" = ANY(${speakerIds}::int[])`);
  if (occasionIds) conditions.push(Prisma.sql`s."occasionId" = ANY(${occasionIds}::int[])`);
  if (kinds) conditions.push(Prisma.sql`s.kind::text = ANY(${kinds}::text[])`);
  if (topicIds) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "StatementTopic" st WHERE st."statementId" = s.id AND st."topicId" = ANY(${topicIds}::int[]))`,
    );
  }
  conditions.push(...periodOverlaps("s", "saidAt", saidFrom, saidTo));
  return Prisma.join(conditions, " AND ");
}

function statementOrder({ field, direction }: StatementSort): Prisma.Sql {
  const dir = direction === "DESC" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const reading = Prisma.sql`s."sourceId" ${dir}, s.start ${dir}, s.id ${dir}`;
  return field === "SAID_AT" ? Prisma.sql`s."saidAt" ${dir} NULLS LAST, ${reading}` : reading;
}

export async function listStatementIds(
  db: Db,
  criteria: StatementCriteria = {},
  sort: StatementSort = { field: "SOURCE_ORDER", direction: "ASC" },
): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>(
    Prisma.sql`SELECT s.id FROM "Statement" s WHERE ${statementConditions(criteria)} ORDER BY ${statementOrder(sort)}`,
  );
  return rows.map((row) => Number(row.id));
}

export async function statementIdsBySpeakers(db: Db, actorIds: number[]) {
  const rows = await db.statement.findMany({
    where: { speakerId: { in: actorIds } },
    select: { id: true, speakerId: true },
    orderBy: [...READING_ORDER],
  });
  return rows.map((row) => ({ key: row.speakerId, value: row.id }));
}

export async function statementIdsBySources(db: Db, sourceIds: number[]) {
  const rows = await db.statement.findMany({
    where: { sourceId: { in: sourceIds } },
    select: { id: true, sourceId: true },
    orderBy: [...READING_ORDER],
  });
  return rows.map((row) => ({ key: row.sourceId, value: row.id }));
}

export async function statementIdsByTopics(db: Db, topicIds: number[]) {
  const rows = await db.statementTopic.findMany({
    where: { topicId: { in: topicIds } },
    select: { topicId: true, statementId: true },
    orderBy: [...JOINED_READING_ORDER],
  });
  return rows.map((row) => ({ key: row.topicId, value: row.statementId }));
}

export async function topicIdsByStatements(db: Db, statementIds: number[]) {
  const rows = await db.statementTopic.findMany({
    where: { statementId: { in: statementIds } },
    orderBy: [{ topic: { name: "asc" } }],
  });
  return rows.map((row) => ({ key: row.statementId, value: row.topicId }));
}

export async function aboutEventIdsByStatements(db: Db, statementIds: number[]) {
  const rows = await db.statementEvent.findMany({
    where: { statementId: { in: statementIds } },
    orderBy: [{ event: { startsAt: { sort: "asc", nulls: "last" } } }, { eventId: "asc" }],
  });
  return rows.map((row) => ({ key: row.statementId, value: row.eventId }));
}

export interface StatementCountRecord {
  grouping: "TOPIC" | "SPEAKER" | "OCCASION" | "KIND";
  /** The group's topic, speaker or occasion id, or kind; null for "none". */
  key: number | string | null;
  count: number;
}

/** Statements matching the criteria, counted per group, largest group first. */
export async function countStatements(
  db: Db,
  grouping: StatementCountRecord["grouping"],
  criteria: StatementCriteria,
): Promise<StatementCountRecord[]> {
  const groupKey = {
    TOPIC: Prisma.sql`st."topicId"`,
    SPEAKER: Prisma.sql`s."speakerId"`,
    OCCASION: Prisma.sql`s."occasionId"`,
    KIND: Prisma.sql`s.kind::text`,
  }[grouping];
  const join =
    grouping === "TOPIC" ? Prisma.sql`LEFT JOIN "StatementTopic" st ON st."statementId" = s.id` : Prisma.empty;
  const rows = await db.$queryRaw<{ key: number | string | null; count: bigint }[]>(Prisma.sql`
    SELECT ${groupKey} AS key, count(*) AS count
    FROM "Statement" s ${join}
    WHERE ${statementConditions(criteria)}
    GROUP BY 1
    ORDER BY count(*) DESC, 1 ASC NULLS LAST`);
  return rows.map((row) => ({
    grouping,
    key: typeof row.key === "string" || row.key === null ? row.key : Number(row.key),
    count: Number(row.count),
  }));
}

/** A statement flattened for bulk export, with its speaker, occasion, topics and provenance. */
export interface StatementExportRow extends ProvenanceRecord {
  id: number;
  kind: StatementRow["kind"];
  text: string;
  verb: string | null;
  speaker: { slug: string; name: string };
  occasion: string | null;
  saidAt: Date | null;
  timeZone: string | null;
  timePrecision: StatementRow["timePrecision"];
  timeBasis: StatementRow["timeBasis"];
  timeText: string | null;
  topics: string[];
}

/** Export rows for the given ids, in the ids' order. */
export async function findStatementExportRows(db: Db, ids: number[]): Promise<StatementExportRow[]> {
  const rows = await db.statement.findMany({
    where: { id: { in: ids } },
    include: {
      speaker: { select: { slug: true, name: true } },
      occasion: { select: { slug: true } },
      topics: { select: { topic: { select: { slug: true } } }, orderBy: { topic: { name: "asc" } } },
    },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id: row.id,
        kind: row.kind,
        text: row.text,
        verb: row.verb,
        speaker: row.speaker,
        occasion: row.occasion?.slug ?? null,
        saidAt: row.saidAt,
        timeZone: row.timeZone,
        timePrecision: row.timePrecision,
        timeBasis: row.timeBasis,
        timeText: row.timeText,
        topics: row.topics.map((t) => t.topic.slug),
        sourceId: row.sourceId,
        start: row.start,
        end: row.end,
        exact: row.exact,
        prefix: row.prefix,
        suffix: row.suffix,
      },
    ];
  });
}
