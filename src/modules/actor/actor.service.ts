import type { Db } from "../../db/client";
import type { Actor as ActorRow, Person as PersonRow, Role as RoleRow } from "../../generated/prisma/client";
import { toLocalDate } from "../../common/dates";
import { Prisma } from "../../generated/prisma/client";
import type { SortKey } from "../../common/keyset";
import { listIdentity } from "../../common/keyset";
import type { ListQuery } from "../../common/pages";
import { columnsOf } from "../../common/pages";
import type { ProvenanceRecord } from "../source/source.service";
import { provenanceOf } from "../source/source.service";
import type { ActorKind } from "./actor.enums";

export type ActorRecord = ActorRow & { typename: "Person" | "CollectiveActor" };
export type PersonRecord = PersonRow;

export interface RoleRecord {
  typename: "Role";
  id: number;
  personId: number;
  title: string;
  organizationId: number | null;
  startDate: string | null;
  endDate: string | null;
  spanBasis: RoleRow["spanBasis"];
  note: string | null;
  provenance: ProvenanceRecord | null;
}

const toActor = (row: ActorRow): ActorRecord => ({
  ...row,
  typename: row.kind === "PERSON" ? "Person" : "CollectiveActor",
});

export async function findActorsByIds(db: Db, ids: number[]): Promise<ActorRecord[]> {
  return (await db.actor.findMany({ where: { id: { in: ids } } })).map(toActor);
}

export async function findActorsBySlugs(db: Db, slugs: string[]): Promise<ActorRecord[]> {
  return (await db.actor.findMany({ where: { slug: { in: slugs } } })).map(toActor);
}

export async function findPersonsByActorIds(db: Db, actorIds: number[]): Promise<PersonRecord[]> {
  return db.person.findMany({ where: { actorId: { in: actorIds } } });
}

/** Conditions on actors, slugs already resolved to ids; an absent key is no condition. */
export interface ActorCriteria {
  kinds?: ActorKind[];
  eventIds?: number[];
  topicIds?: number[];
}

export type ActorSort = { field: "NAME" | "STATEMENT_COUNT"; direction: "ASC" | "DESC" };

const ACTOR_COLUMNS = columnsOf("a", Prisma.ActorScalarFieldEnum);

/** Keys of an actor order; by statement count, ties go by name either way (two indexes). */
function actorKeys({ field, direction }: ActorSort): SortKey[] {
  const descending = direction === "DESC";
  if (field === "NAME") {
    return [
      { sql: `a."name"`, type: "text", descending },
      { sql: `a."id"`, type: "int", descending },
    ];
  }
  return [
    { sql: `a."statementCount"`, type: "int", descending },
    { sql: `a."name"`, type: "text" },
    { sql: `a."id"`, type: "int" },
  ];
}

/** The `actors` and `people` root lists. */
export function actorList(
  criteria: ActorCriteria = {},
  sort: ActorSort = { field: "NAME", direction: "ASC" },
): ListQuery<ActorRecord> {
  const { kinds, eventIds, topicIds } = criteria;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (kinds) conditions.push(Prisma.sql`a.kind = ANY(${kinds}::"ActorKind"[])`);
  if (eventIds) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "EventParticipant" p WHERE p."actorId" = a.id AND p."eventId" = ANY(${eventIds}::int[]))`,
    );
  }
  if (topicIds) {
    conditions.push(Prisma.sql`(
      EXISTS (SELECT 1 FROM "Position" po WHERE po."holderId" = a.id AND po."topicId" = ANY(${topicIds}::int[]))
      OR EXISTS (SELECT 1 FROM "Statement" s JOIN "StatementTopic" st ON st."statementId" = s.id
                 WHERE s."speakerId" = a.id AND st."topicId" = ANY(${topicIds}::int[])))`);
  }
  return {
    scope: "Actor",
    identity: listIdentity("actors", criteria, sort),
    keys: actorKeys(sort),
    columns: ACTOR_COLUMNS,
    from: Prisma.sql`"Actor" a`,
    where: Prisma.join(conditions, " AND "),
    toNode: (row) => toActor(row as unknown as ActorRow),
  };
}

/** Each person's roles, most recent first. */
export async function findRoles(db: Db, personIds: number[]): Promise<{ key: number; value: RoleRecord }[]> {
  const rows = await db.role.findMany({
    where: { personId: { in: personIds } },
    orderBy: [{ startDate: { sort: "desc", nulls: "last" } }, { id: "asc" }],
  });
  return rows.map((row) => ({ key: row.personId, value: toRole(row) }));
}

export async function findRolesByIds(db: Db, ids: number[]): Promise<RoleRecord[]> {
  return (await db.role.findMany({ where: { id: { in: ids } } })).map(toRole);
}

function toRole(row: RoleRow): RoleRecord {
  return {
    typename: "Role",
    id: row.id,
    personId: row.personId,
    title: row.title,
    organizationId: row.organizationId,
    startDate: toLocalDate(row.startDate),
    endDate: toLocalDate(row.endDate),
    spanBasis: row.spanBasis,
    note: row.note,
    provenance: provenanceOf(row),
  };
}
