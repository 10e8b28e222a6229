import type { Db } from "../../db/client";
import type { Topic as TopicRow } from "../../generated/prisma/client";
import { Prisma } from "../../generated/prisma/client";
import type { ListQuery } from "../../common/pages";
import { columnsOf } from "../../common/pages";

export type TopicRecord = TopicRow & { typename: "Topic" };

const toTopic = (row: TopicRow): TopicRecord => ({ ...row, typename: "Topic" });

export async function findTopicsByIds(db: Db, ids: number[]): Promise<TopicRecord[]> {
  return (await db.topic.findMany({ where: { id: { in: ids } } })).map(toTopic);
}

export async function findTopicsBySlugs(db: Db, slugs: string[]): Promise<TopicRecord[]> {
  return (await db.topic.findMany({ where: { slug: { in: slugs } } })).map(toTopic);
}

export async function listTopicIds(db: Db): Promise<number[]> {
  const rows = await db.topic.findMany({ select: { id: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map((row) => row.id);
}

/** The `topics` root list, by name. */
export const topicList: ListQuery<TopicRecord> = {
  scope: "Topic",
  identity: "topics",
  keys: [
    { sql: `t."name"`, type: "text" },
    { sql: `t."id"`, type: "int" },
  ],
  columns: columnsOf("t", Prisma.TopicScalarFieldEnum),
  from: Prisma.sql`"Topic" t`,
  where: Prisma.sql`TRUE`,
  toNode: (row) => toTopic(row as unknown as TopicRow),
};
