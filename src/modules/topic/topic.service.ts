import type { Db } from "../../db/client";
import type { Topic as TopicRow } from "../../generated/prisma/client";

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
