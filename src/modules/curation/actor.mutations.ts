import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import { actorSchema } from "../../bundle/schema";
import { fromGlobalId, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { BadUserInputError, ConflictError, NotFoundError } from "../../errors";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import { ActorChanges, ActorInput } from "./actor.inputs";
import type { Tx } from "./curate";
import {
  changedMeanwhile,
  checked,
  checkVersion,
  curate,
  fromInput,
  countUpTo,
  describeUses,
  USE_COUNT_CAP,
} from "./curate";
import { Deletion, deletion } from "./statement.mutations";

type ActorRow = NonNullable<Awaited<ReturnType<typeof loadActor>>>;

function loadActor(tx: Tx, id: number) {
  return tx.actor.findUnique({ where: { id }, include: { person: true } });
}

/** The stored actor of a global ID (a Person's or a CollectiveActor's) at the version the client read. */
async function currentActor(tx: Tx, id: string, version: number): Promise<ActorRow> {
  const { type, id: rowId } = fromGlobalId(id);
  if (type !== "Person" && type !== "CollectiveActor") {
    throw new BadUserInputError(`ID "${id}" is the ID of type ${type}; an actor's ID is expected here.`, "id");
  }
  const row = await loadActor(tx, rowId);
  if (!row || (row.kind === "PERSON") !== (type === "Person")) throw new NotFoundError(type, "ID", id);
  checkVersion("The actor", row, version);
  return row;
}

/** The person's names as a revision records them, with the actor's columns. */
const names = (person: { givenName: string | null; familyName: string | null } | null) =>
  person && { givenName: person.givenName, familyName: person.familyName };

@Resolver()
export class ActorMutations {
  @RequireScope("context:curate")
  @Mutation(() => Actor, {
    description: "Adds an actor: a person (with `person`, the names) or a collective actor. Needs context:curate.",
  })
  async createActor(
    @Arg("input", () => ActorInput, { description: "The new actor's fields." }) input: ActorInput,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<ActorRecord> {
    const actor = checked(actorSchema, fromInput(input));
    const { value: id } = await curate(context.db, context.principal!, "createActor", reason, async ({ tx, log }) => {
      const taken = await tx.actor.findUnique({ where: { slug: actor.slug }, select: { id: true, kind: true } });
      if (taken) {
        throw new ConflictError(`An actor has slug "${actor.slug}" already.`, {
          argumentName: "input",
          field: "input.slug",
          existing: toGlobalId(taken.kind === "PERSON" ? "Person" : "CollectiveActor", taken.id),
        });
      }
      const row = await tx.actor.create({
        data: {
          slug: actor.slug,
          kind: actor.kind,
          name: actor.name,
          names: actor.names ?? [],
          description: actor.description ?? null,
        },
      });
      const person = actor.person
        ? await tx.person.create({
            data: {
              actorId: row.id,
              givenName: actor.person.givenName ?? null,
              familyName: actor.person.familyName ?? null,
            },
          })
        : null;
      log.created("Actor", row, { person: names(person) });
      return row.id;
    });
    return context.loaders.actor.byId.load(id) as Promise<ActorRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Actor, {
    description:
      "Changes an actor; `version` must be the one you read (else CONFLICT, and nothing is written). A person's names are written with it, and a change of kind to or from PERSON adds or removes them (and changes the actor's type, Person or CollectiveActor, and so its ID). Needs context:curate.",
  })
  async updateActor(
    @Arg("id", () => ID, { description: "The actor's ID (a Person's or a CollectiveActor's)." }) id: string,
    @Arg("version", () => Int, { description: "The actor's `version` as you read it." }) version: number,
    @Arg("input", () => ActorChanges, { description: "The fields to change." }) input: ActorChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<ActorRecord> {
    const { value: rowId } = await curate(
      context.db,
      context.principal!,
      "updateActor",
      reason,
      async ({ tx, log }) => {
        const current = await currentActor(tx, id, version);
        const changes = fromInput(input);
        const kind = (changes.kind as string | undefined) ?? current.kind;
        // Names given are merged into the stored ones; an actor that stops being a person loses them.
        const person =
          changes.person === undefined
            ? kind === "PERSON"
              ? names(current.person)
              : null
            : changes.person === null
              ? null
              : { ...names(current.person), ...(changes.person as object) };
        const actor = checked(actorSchema, {
          slug: current.slug,
          kind,
          name: current.name,
          names: current.names,
          description: current.description,
          ...changes,
          person,
        });
        if (current.person && !actor.person) {
          const roles = await countUpTo(
            tx.role.findMany({ where: { personId: current.id }, select: { id: true }, take: USE_COUNT_CAP }),
          );
          if (roles > 0) {
            throw new ConflictError(
              `The person "${current.slug}" holds ${roles} role(s), and would lose them as a ${actor.kind}; delete those first.`,
              { argumentName: "input", field: "input.kind", roles },
            );
          }
          await tx.person.delete({ where: { actorId: current.id } });
        }
        const wantedNames = actor.person && {
          givenName: actor.person.givenName ?? null,
          familyName: actor.person.familyName ?? null,
        };
        if (wantedNames && !current.person) await tx.person.create({ data: { actorId: current.id, ...wantedNames } });
        if (wantedNames && current.person)
          await tx.person.update({ where: { actorId: current.id }, data: wantedNames });
        const { count } = await tx.actor.updateMany({
          where: { id: current.id, version },
          data: {
            kind: actor.kind,
            name: actor.name,
            names: actor.names ?? [],
            description: actor.description ?? null,
            version: { increment: 1 },
          },
        });
        if (count === 0) throw changedMeanwhile("The actor");
        const { person: before, ...row } = current;
        const after = await tx.actor.findUniqueOrThrow({ where: { id: current.id } });
        const personChanged = JSON.stringify(names(before)) !== JSON.stringify(wantedNames);
        log.updated(
          "Actor",
          row,
          after,
          personChanged
            ? { before: { person: names(before) }, after: { person: wantedNames } }
            : { before: {}, after: {} },
        );
        return current.id;
      },
    );
    return context.loaders.actor.byId.load(rowId) as Promise<ActorRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description:
      "Deletes an actor nothing refers to: no statement, position, event participation (merged or claimed by a source), or role, its own or in it as the organization (else CONFLICT, saying how many). Needs context:curate.",
  })
  async deleteActor(
    @Arg("id", () => ID, { description: "The actor's ID." }) id: string,
    @Arg("version", () => Int, { description: "The actor's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(context.db, context.principal!, "deleteActor", reason, async ({ tx, log }) => {
      const current = await currentActor(tx, id, version);
      const take = USE_COUNT_CAP;
      // One after the other: a transaction runs on one connection.
      const uses = {
        statements: await countUpTo(
          tx.statement.findMany({ where: { speakerId: current.id }, select: { id: true }, take }),
        ),
        positions: await countUpTo(
          tx.position.findMany({ where: { holderId: current.id }, select: { id: true }, take }),
        ),
        participations: await countUpTo(
          tx.eventParticipant.findMany({ where: { actorId: current.id }, select: { eventId: true }, take }),
        ),
        participationClaims: await countUpTo(
          tx.participationClaim.findMany({ where: { actorId: current.id }, select: { eventId: true }, take }),
        ),
        roles: await countUpTo(tx.role.findMany({ where: { personId: current.id }, select: { id: true }, take })),
        rolesAsOrganization: await countUpTo(
          tx.role.findMany({ where: { organizationId: current.id }, select: { id: true }, take }),
        ),
      };
      if (Object.values(uses).some((n) => n > 0)) {
        throw new ConflictError(
          `The actor "${current.slug}" is used by ${describeUses(uses)}; change those first.`,
          uses,
        );
      }
      const { count } = await tx.actor.deleteMany({ where: { id: current.id, version } });
      if (count === 0) throw changedMeanwhile("The actor");
      const { person, ...row } = current;
      log.deleted("Actor", row, { person: names(person) });
    });
    return deletion(context, id, revision);
  }
}
