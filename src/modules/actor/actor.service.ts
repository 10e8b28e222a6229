import type { Db } from "../../db/client";
import type { Actor as ActorRow, Person as PersonRow, Role as RoleRow } from "../../generated/prisma/client";
import { toLocalDate } from "../../common/scalars";
import type { ProvenanceRecord } from "../source/source.service";
import { provenanceOf } from "../source/source.service";
import type { ActorKind } from "./actor.enums";

export type ActorRecord = ActorRow & { typename: "Person" | "CollectiveActor" };
export type PersonRecord = PersonRow;

export interface RoleRecord {
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

/** Actors by name; only those of `kinds` when given. */
export async function listActorIds(db: Db, kinds?: ActorKind[]): Promise<number[]> {
  const rows = await db.actor.findMany({
    where: kinds ? { kind: { in: kinds } } : {},
    select: { id: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => row.id);
}

/** Each person's roles, most recent first. */
export async function findRoles(db: Db, personIds: number[]): Promise<{ key: number; value: RoleRecord }[]> {
  const rows = await db.role.findMany({
    where: { personId: { in: personIds } },
    orderBy: [{ startDate: { sort: "desc", nulls: "last" } }, { id: "asc" }],
  });
  return rows.map((row) => ({
    key: row.personId,
    value: {
      id: row.id,
      personId: row.personId,
      title: row.title,
      organizationId: row.organizationId,
      startDate: toLocalDate(row.startDate),
      endDate: toLocalDate(row.endDate),
      spanBasis: row.spanBasis,
      note: row.note,
      provenance: provenanceOf(row),
    },
  }));
}
