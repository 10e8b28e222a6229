import type { Db } from "../../db/client";
import { Prisma } from "../../generated/prisma/client";
import type { NodeTypeName } from "../../common/global-id";
import type { KeyedRow } from "../../common/keyset";
import type { ChildListQuery } from "../../common/pages";

type Json = Record<string, unknown>;

/** GraphQL types whose changes are recorded, by the storage model their revisions name. */
const MODELS = {
  Event: "Event",
  Place: "Place",
  Person: "Actor",
  CollectiveActor: "Actor",
  Topic: "Topic",
  Role: "Role",
  Statement: "Statement",
  Position: "Position",
  Source: "Source",
} as const satisfies Partial<Record<NodeTypeName, string>>;

export type VersionedTypeName = keyof typeof MODELS;
export type RevisedModel = (typeof MODELS)[VersionedTypeName];

/** The storage model whose revisions record changes of the type; undefined for a type without them. */
export function modelOf(type: NodeTypeName): RevisedModel | undefined {
  return (MODELS as Partial<Record<NodeTypeName, RevisedModel>>)[type];
}

export interface RevisionRecord {
  typename: "Revision";
  id: number;
  at: Date;
  author: string;
  keyPrefix: string | null;
  operation: string;
  reason: string | null;
  bundleDigest: string | null;
  sourceSlug: string | null;
}

export interface RevisionChangeRecord {
  /** The entity's GraphQL type, as its global ID names it. */
  entityType: VersionedTypeName;
  entityId: number;
  action: "CREATE" | "UPDATE" | "DELETE";
  version: number;
  before: Json | null;
  after: Json | null;
}

export interface DeletionRecord {
  model: RevisedModel;
  entityId: number;
  revisionId: number;
  at: Date;
  lastState: Json;
}

const REVISION_COLUMNS = Prisma.sql`r."id", r."at", r."author", k."prefix" AS "keyPrefix", r."operation", r."reason", r."bundleDigest", r."sourceSlug"`;
const REVISION_FROM = Prisma.sql`"Revision" r LEFT JOIN "ApiKey" k ON k.id = r."apiKeyId"`;

const toRevision = (row: KeyedRow): RevisionRecord => ({
  typename: "Revision",
  id: row.id as number,
  at: row.at as Date,
  author: row.author as string,
  keyPrefix: row.keyPrefix as string | null,
  operation: row.operation as string,
  reason: row.reason as string | null,
  bundleDigest: row.bundleDigest as string | null,
  sourceSlug: row.sourceSlug as string | null,
});

export async function findRevisionsByIds(db: Db, ids: number[]): Promise<RevisionRecord[]> {
  const rows = await db.$queryRaw<KeyedRow[]>(
    Prisma.sql`SELECT ${REVISION_COLUMNS} FROM ${REVISION_FROM} WHERE r.id = ANY(${ids}::int[])`,
  );
  return rows.map(toRevision);
}

const revisionLists = new Map<RevisedModel, ChildListQuery<RevisionRecord>>();

/**
 * The revisions that changed an entity of the model, newest first: its changes on the index
 * (entityType, entityId, id), each with its revision. A write changes an entity once, so each
 * revision appears once.
 */
export function revisionsOf(model: RevisedModel): ChildListQuery<RevisionRecord> {
  let query = revisionLists.get(model);
  if (!query) {
    const where = (entity: Prisma.Sql) => Prisma.sql`rc."entityType" = ${model} AND rc."entityId" = ${entity}`;
    query = {
      name: `${model}.revisions`,
      scope: "Revision",
      keys: [{ sql: `rc."id"`, type: "int", descending: true }],
      columns: REVISION_COLUMNS,
      from: () => Prisma.sql`"RevisionChange" rc JOIN "Revision" r ON r.id = rc."revisionId"
        LEFT JOIN "ApiKey" k ON k.id = r."apiKeyId"`,
      where,
      counted: { from: () => Prisma.sql`"RevisionChange" rc`, where },
      toNode: toRevision,
    };
    revisionLists.set(model, query);
  }
  return query;
}

/**
 * The GraphQL type of a change's entity. An actor's type follows its kind: the stored actor's,
 * or, once it is deleted, the kind its creation or deletion recorded.
 */
const ENTITY_TYPE = Prisma.sql`CASE WHEN rc."entityType" <> 'Actor' THEN rc."entityType"
  WHEN coalesce(
    (SELECT a.kind::text FROM "Actor" a WHERE a.id = rc."entityId"),
    (SELECT coalesce(c.after ->> 'kind', c.before ->> 'kind') FROM "RevisionChange" c
      WHERE c."entityType" = 'Actor' AND c."entityId" = rc."entityId" AND c.action <> 'UPDATE'
      ORDER BY c.id DESC LIMIT 1)
  ) = 'PERSON' THEN 'Person' ELSE 'CollectiveActor' END`;

/** A revision's changes, in the order they were written. */
export const changesOfRevision: ChildListQuery<RevisionChangeRecord> = {
  name: "Revision.changes",
  scope: "RevisionChange",
  keys: [{ sql: `rc."id"`, type: "int" }],
  columns: Prisma.sql`${ENTITY_TYPE} AS "entityType", rc."entityId", rc."action"::text AS "action", rc."version", rc."before", rc."after"`,
  from: () => Prisma.sql`"RevisionChange" rc`,
  where: (revision) => Prisma.sql`rc."revisionId" = ${revision}`,
  toNode: (row) => ({
    entityType: row.entityType as VersionedTypeName,
    entityId: row.entityId as number,
    action: row.action as RevisionChangeRecord["action"],
    version: row.version as number,
    before: row.before as Json | null,
    after: row.after as Json | null,
  }),
};

/** The field changes of a change, by field name: for a create, values after only; for a delete, before only. */
export function fieldChanges(change: Pick<RevisionChangeRecord, "before" | "after">) {
  const names = [...new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})])].sort();
  return names.map((field) => ({
    field,
    before: change.before?.[field] ?? null,
    after: change.after?.[field] ?? null,
  }));
}

/** The key of an entity in deletion lookups. */
export const entityKey = (model: RevisedModel, id: number) => `${model}:${id}`;

/** The last deletion recorded of each entity (keys from `entityKey`), for those that were deleted. */
export async function findDeletions(db: Db, keys: string[]): Promise<(DeletionRecord & { key: string })[]> {
  const parsed = keys.map((key) => key.split(":") as [RevisedModel, string]);
  const rows = await db.$queryRaw<
    { entityType: RevisedModel; entityId: number; revisionId: number; at: Date; before: Json }[]
  >(
    Prisma.sql`
      SELECT DISTINCT ON (rc."entityType", rc."entityId") rc."entityType", rc."entityId", rc."revisionId", r.at, rc.before
      FROM unnest(${parsed.map(([model]) => model)}::text[], ${parsed.map(([, id]) => Number(id))}::int[]) AS e(model, id)
      JOIN "RevisionChange" rc ON rc."entityType" = e.model AND rc."entityId" = e.id
      JOIN "Revision" r ON r.id = rc."revisionId"
      WHERE rc.action = 'DELETE'
      ORDER BY rc."entityType", rc."entityId", rc.id DESC`,
  );
  return rows.map((row) => ({
    key: entityKey(row.entityType, row.entityId),
    model: row.entityType,
    entityId: row.entityId,
    revisionId: row.revisionId,
    at: row.at,
    lastState: row.before,
  }));
}
