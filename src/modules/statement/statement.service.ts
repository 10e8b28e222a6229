import type { Db } from "../../db/client";
import type { Statement as StatementRow } from "../../generated/prisma/client";
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

export async function findStatementsByIds(db: Db, ids: number[]): Promise<StatementRecord[]> {
  return (await db.statement.findMany({ where: { id: { in: ids } } })).map(toStatement);
}

export async function listStatementIds(db: Db): Promise<number[]> {
  const rows = await db.statement.findMany({ select: { id: true }, orderBy: [...READING_ORDER] });
  return rows.map((row) => row.id);
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
    orderBy: [{ statement: { sourceId: "asc" } }, { statement: { start: "asc" } }, { statementId: "asc" }],
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
