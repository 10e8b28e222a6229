import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { z } from "zod";
import { GraphQLError } from "graphql";
import { RequireScope } from "../../auth/authorize";
import { eventSchema } from "../../bundle/schema";
import { fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { ConflictError, ErrorCode, NotFoundError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import type { EventRecord } from "../event/event.service";
import { Event } from "../event/event.type";
import type { Tx } from "./curate";
import {
  changedMeanwhile,
  checked,
  checkVersion,
  curate,
  fromInput,
  idOfSlug,
  lockName,
  slugFinders,
  countUpTo,
  describeUses,
  USE_COUNT_CAP,
} from "./curate";
import { EventChanges, EventInput } from "./event.inputs";
import { Deletion, deletion } from "./statement.mutations";

type EventRow = NonNullable<Awaited<ReturnType<typeof loadEvent>>>;

function loadEvent(tx: Tx, id: number) {
  return tx.event.findUnique({
    where: { id },
    include: { place: { select: { slug: true } }, parent: { select: { slug: true } } },
  });
}

async function currentEvent(tx: Tx, id: string, version: number): Promise<EventRow> {
  const row = await loadEvent(tx, fromGlobalIdOf("Event", id));
  if (!row) throw new NotFoundError("Event", "ID", id);
  checkVersion("The event", row, version);
  return row;
}

/** The stored event in the bundle format's shape (participants aside), so a change is checked whole. */
function asBundleEvent({ id: _id, version: _v, placeId: _p, parentId: _pa, place, parent, ...row }: EventRow) {
  return {
    ...row,
    startsAt: row.startsAt?.toISOString() ?? null,
    place: place?.slug ?? null,
    parent: parent?.slug ?? null,
  };
}

/** A checked event's columns, slugs turned into ids (each must exist). */
async function eventColumns(tx: Tx, e: z.output<typeof eventSchema>) {
  const find = slugFinders(tx);
  return {
    title: e.title,
    kind: e.kind,
    status: e.status,
    statusBasis: e.statusBasis ?? "SOURCE",
    description: e.description ?? null,
    startsAt: e.startsAt == null ? null : new Date(e.startsAt),
    timeZone: e.timeZone ?? null,
    timePrecision: e.timePrecision,
    timeBasis: e.timeBasis,
    timeNote: e.timeNote ?? null,
    placeId: await idOfSlug(find.place, "place", e.place, "input.place"),
    parentId: await idOfSlug(find.event, "event", e.parent, "input.parent"),
  };
}

/** Whether `eventId` is `parentId` or one of the events `parentId` is part of. */
async function isWithin(tx: Tx, parentId: number, eventId: number): Promise<boolean> {
  // UNION, not UNION ALL: a chain that loops already (it should not) still ends.
  const [row] = await tx.$queryRaw<{ found: boolean }[]>(Prisma.sql`
    WITH RECURSIVE up(id, "parentId") AS (
      SELECT id, "parentId" FROM "Event" WHERE id = ${parentId}
      UNION
      SELECT e.id, e."parentId" FROM "Event" e JOIN up ON e.id = up."parentId"
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${eventId}) AS found`);
  return row!.found;
}

const PARTICIPANTS_NOTE =
  "Participants are not set here: they are the merged claims of sources (importContext), so a later import cannot silently undo a curator's participant.";

@Resolver()
export class EventMutations {
  @RequireScope("context:curate")
  @Mutation(() => Event, {
    description: `Adds an event, its place and parent named by slug. ${PARTICIPANTS_NOTE} Needs context:curate.`,
  })
  async createEvent(
    @Arg("input", () => EventInput, { description: "The new event's fields." }) input: EventInput,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<EventRecord> {
    const event = checked(eventSchema, fromInput(input));
    const { value: id } = await curate(context.db, context.principal!, "createEvent", reason, async ({ tx, log }) => {
      const taken = await tx.event.findUnique({ where: { slug: event.slug }, select: { id: true } });
      if (taken) {
        throw new ConflictError(`An event has slug "${event.slug}" already.`, {
          argumentName: "input",
          field: "input.slug",
          existing: toGlobalId("Event", taken.id),
        });
      }
      const row = await tx.event.create({ data: { slug: event.slug, ...(await eventColumns(tx, event)) } });
      log.created("Event", row);
      return row.id;
    });
    return context.loaders.event.byId.load(id) as Promise<EventRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Event, {
    description: `Changes an event; \`version\` must be the one you read (else CONFLICT, and nothing is written). A new parent must not be the event itself or one within it. ${PARTICIPANTS_NOTE} Needs context:curate.`,
  })
  async updateEvent(
    @Arg("id", () => ID, { description: "The event's ID." }) id: string,
    @Arg("version", () => Int, { description: "The event's `version` as you read it." }) version: number,
    @Arg("input", () => EventChanges, { description: "The fields to change." }) input: EventChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<EventRecord> {
    const { value: rowId } = await curate(
      context.db,
      context.principal!,
      "updateEvent",
      reason,
      async ({ tx, log }) => {
        const current = await currentEvent(tx, id, version);
        const event = checked(eventSchema, { ...asBundleEvent(current), ...fromInput(input) });
        const columns = await eventColumns(tx, event);
        if (columns.parentId !== null && columns.parentId !== current.parentId) {
          // Two writes each moving one event under the other would both pass the check alone.
          await lockName(tx, "event-parents");
          if (await isWithin(tx, columns.parentId, current.id)) {
            throw new GraphQLError(
              `input.parent: "${event.parent}" is this event or part of it; an event cannot be part of itself.`,
              { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: "input", field: "input.parent" } },
            );
          }
        }
        const { count } = await tx.event.updateMany({
          where: { id: current.id, version },
          data: { ...columns, version: { increment: 1 } },
        });
        if (count === 0) throw changedMeanwhile("The event");
        const after = await tx.event.findUniqueOrThrow({ where: { id: current.id } });
        const { place: _place, parent: _parent, ...before } = current;
        log.updated("Event", before, after);
        return current.id;
      },
    );
    return context.loaders.event.byId.load(rowId) as Promise<EventRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description:
      "Deletes an event nothing refers to: no statement made at it or about it, no sub-event, and no source's participation claim (else CONFLICT, saying how many). Needs context:curate.",
  })
  async deleteEvent(
    @Arg("id", () => ID, { description: "The event's ID." }) id: string,
    @Arg("version", () => Int, { description: "The event's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(context.db, context.principal!, "deleteEvent", reason, async ({ tx, log }) => {
      const current = await currentEvent(tx, id, version);
      const take = USE_COUNT_CAP;
      // One after the other: a transaction runs on one connection.
      const uses = {
        statementsAt: await countUpTo(
          tx.statement.findMany({ where: { occasionId: current.id }, select: { id: true }, take }),
        ),
        statementsAbout: await countUpTo(
          tx.statementEvent.findMany({ where: { eventId: current.id }, select: { statementId: true }, take }),
        ),
        subEvents: await countUpTo(tx.event.findMany({ where: { parentId: current.id }, select: { id: true }, take })),
        participationClaims: await countUpTo(
          tx.participationClaim.findMany({ where: { eventId: current.id }, select: { actorId: true }, take }),
        ),
      };
      if (Object.values(uses).some((n) => n > 0)) {
        throw new ConflictError(
          `The event "${current.slug}" is used by ${describeUses(uses)}; change those first.`,
          uses,
        );
      }
      const participants = await tx.eventParticipant.findMany({
        where: { eventId: current.id },
        select: { actorId: true, role: true, note: true },
        orderBy: { actorId: "asc" },
      });
      const { count } = await tx.event.deleteMany({ where: { id: current.id, version } });
      if (count === 0) throw changedMeanwhile("The event");
      const { place: _place, parent: _parent, ...row } = current;
      log.deleted("Event", row, participants.length > 0 ? { participants } : {});
    });
    return deletion(context, id, revision);
  }
}
