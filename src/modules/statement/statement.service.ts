import type { Db } from "../../db/client";
import type { Statement as StatementRow } from "../../generated/prisma/client";
import { Prisma } from "../../generated/prisma/client";
import type { KeyedRow, SortKey } from "../../common/keyset";
import { listIdentity } from "../../common/keyset";
import type { ChildListQuery, ListQuery } from "../../common/pages";
import { columnsOf } from "../../common/pages";
import { periodOverlaps } from "../../common/period";
import type { ProvenanceRecord } from "../source/source.service";

export type StatementRecord = Omit<
  StatementRow,
  "start" | "end" | "exact" | "prefix" | "suffix" | "key" | "reportedAt"
> & {
  typename: "Statement";
  provenance: ProvenanceRecord;
};

function toStatement(row: StatementRow): StatementRecord {
  const { start, end, exact, prefix, suffix } = row;
  return {
    id: row.id,
    typename: "Statement",
    kind: row.kind,
    text: row.text,
    verb: row.verb,
    speakerId: row.speakerId,
    occasionId: row.occasionId,
    saidAt: row.saidAt,
    timeZone: row.timeZone,
    timePrecision: row.timePrecision,
    timeBasis: row.timeBasis,
    timeText: row.timeText,
    sourceId: row.sourceId,
    version: row.version,
    provenance: { sourceId: row.sourceId, start, end, exact, prefix, suffix },
  };
}

const STATEMENT_COLUMNS = columnsOf("s", Prisma.StatementScalarFieldEnum);

/** Statements are listed in the order their sources report them: by source, then offset. */
function readingOrder(descending = false): SortKey[] {
  return [
    { sql: `s."sourceId"`, type: "int", descending },
    { sql: `s."start"`, type: "int", descending },
    { sql: `s."id"`, type: "int", descending },
  ];
}

/** Keys of a statement order; undated statements come last either way (indexes in `keyset_paging`). */
function statementKeys({ field, direction }: StatementSort): SortKey[] {
  const descending = direction === "DESC";
  if (field === "SOURCE_ORDER") return readingOrder(descending);
  const undated = descending ? "-infinity" : "infinity";
  return [
    { sql: `COALESCE(s."saidAt", '${undated}'::timestamptz)`, type: "timestamptz", descending },
    ...readingOrder(descending),
  ];
}

const toStatementNode = (row: KeyedRow) => toStatement(row as unknown as StatementRow);

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
  if (kinds) conditions.push(Prisma.sql`s.kind = ANY(${kinds}::"StatementKind"[])`);
  if (topicIds) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "StatementTopic" st WHERE st."statementId" = s.id AND st."topicId" = ANY(${topicIds}::int[]))`,
    );
  }
  conditions.push(...periodOverlaps("s", "saidAt", saidFrom, saidTo));
  return Prisma.join(conditions, " AND ");
}

const SOURCE_ORDER: StatementSort = { field: "SOURCE_ORDER", direction: "ASC" };

/** The `statements` root list: statements matching the criteria, in the order asked for. */
export function statementList(
  criteria: StatementCriteria = {},
  sort: StatementSort = SOURCE_ORDER,
): ListQuery<StatementRecord> {
  return {
    scope: "Statement",
    identity: listIdentity("statements", criteria, sort),
    keys: statementKeys(sort),
    columns: STATEMENT_COLUMNS,
    from: Prisma.sql`"Statement" s`,
    where: statementConditions(criteria),
    toNode: toStatementNode,
  };
}

/** Statements under a parent row, in reading order: `from` joins, `where` picks the parent's. */
function childStatements(
  name: string,
  from: (parent: Prisma.Sql) => Prisma.Sql,
  where: (parent: Prisma.Sql) => Prisma.Sql,
): ChildListQuery<StatementRecord> {
  return {
    name,
    scope: "Statement",
    keys: readingOrder(),
    columns: STATEMENT_COLUMNS,
    from,
    where,
    toNode: toStatementNode,
  };
}

const STATEMENT = () => Prisma.sql`"Statement" s`;

export const statementsBySpeaker = childStatements(
  "Actor.statements",
  STATEMENT,
  (actor) => Prisma.sql`s."speakerId" = ${actor}`,
);

export const statementsBySource = childStatements(
  "Source.statements",
  STATEMENT,
  (source) => Prisma.sql`s."sourceId" = ${source}`,
);

export const statementsByTopic: ChildListQuery<StatementRecord> = {
  ...childStatements(
    "Topic.statements",
    () => Prisma.sql`"StatementTopic" st JOIN "Statement" s ON s.id = st."statementId"`,
    (topic) => Prisma.sql`st."topicId" = ${topic}`,
  ),
  // Reading order as copied onto the link (see the link_sort_keys migration), so the topic's
  // index serves the page; the values, and so the cursors, are the statements' own.
  keys: [
    { sql: `st."sourceId"`, type: "int" },
    { sql: `st."start"`, type: "int" },
    { sql: `st."statementId"`, type: "int" },
  ],
  counted: {
    from: () => Prisma.sql`"StatementTopic" st`,
    where: (topic) => Prisma.sql`st."topicId" = ${topic}`,
  },
};

/** Made at the event or reported as about it, or the same of a sub-event at any depth. */
export const statementsOfEvent: ChildListQuery<StatementRecord> = {
  ...childStatements(
    "Event.statements",
    STATEMENT,
    (event) => Prisma.sql`s.id IN (SELECT event_statement_ids(${event}))`,
  ),
  counted: { from: (event) => Prisma.sql`event_statement_ids(${event}) AS s(id)`, where: () => Prisma.sql`TRUE` },
};

export const evidenceOfPosition = childStatements(
  "Position.evidence",
  () => Prisma.sql`"PositionEvidence" pe JOIN "Statement" s ON s.id = pe."statementId"`,
  (position) => Prisma.sql`pe."positionId" = ${position}`,
);

export async function topicIdsByStatements(db: Db, statementIds: number[]) {
  const rows = await db.statementTopic.findMany({
    where: { statementId: { in: statementIds } },
    // As the compiled path orders them (src/select.ts): by name, then id.
    orderBy: [{ topic: { name: "asc" } }, { topicId: "asc" }],
  });
  return rows.map((row) => ({ key: row.statementId, value: row.topicId }));
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
