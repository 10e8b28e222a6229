import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import { bySlug, rootObject, selectPage } from "../../select";
import { ConnectionArgs } from "../../common/connection";
import { checkRange, idsOfSlugs } from "../../common/filter";
import { loadAllOrFail, loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { Actor } from "../actor/actor.type";
import type { ActorRecord } from "../actor/actor.service";
import { PositionConnection } from "../position/position.type";
import { StatementConnection } from "../statement/statement.type";
import type { EventRecord, ParticipantRecord, PlaceRecord } from "./event.service";
import { eventList } from "./event.service";
import { positionsOfEvent } from "../position/position.service";
import { statementsOfEvent } from "../statement/statement.service";
import { EventFilter, EventOrder } from "./event.inputs";
import { Event, EventConnection, Participant, Place } from "./event.type";

@Resolver(() => Event)
export class EventResolver {
  @Query(() => Event, {
    nullable: true,
    description: "The event with this slug; a NOT_FOUND error when there is none.",
  })
  async event(
    @Arg("slug", { description: 'The event\'s slug, e.g. "anchorage-summit-2025".' }) slug: string,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EventRecord | object> {
    return rootObject(
      context,
      info,
      bySlug("Event", slug, () => context.loaders.event.bySlug.load(slug)),
    );
  }

  @Query(() => EventConnection, {
    description: "Events, filtered and sorted; by default all, earliest first, undated last.",
  })
  async events(
    @Args() args: ConnectionArgs,
    @Arg("filter", () => EventFilter, { nullable: true, description: "Which events; all when omitted." })
    filter: EventFilter | null | undefined,
    @Arg("orderBy", () => EventOrder, { nullable: true, description: "Sort order; earliest first when omitted." })
    orderBy: EventOrder | null | undefined,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const { loaders, pages } = context;
    checkRange(filter?.startsBetween, "filter.startsBetween");
    const criteria = {
      kinds: filter?.kinds ?? undefined,
      statuses: filter?.statuses ?? undefined,
      participantIds: await idsOfSlugs(loaders.actor.bySlug, filter?.participants, "actor", "filter.participants"),
      startsFrom: filter?.startsBetween?.from,
      startsTo: filter?.startsBetween?.to,
    };
    const list = eventList(criteria, orderBy ?? undefined);
    return (await selectPage(context, info, list, args)) ?? pages.root(list, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "Where it took place; null when the sources do not say." })
  location(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<PlaceRecord> | null {
    return event.placeId === null ? null : loadOrFail(loaders.event.placeById, event.placeId);
  }

  @FieldResolver(() => Event, {
    nullable: true,
    description: "The event this one is part of (a press conference of a summit).",
  })
  parent(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<EventRecord> | null {
    return event.parentId === null ? null : loadOrFail(loaders.event.byId, event.parentId);
  }

  @FieldResolver(() => [Event], { description: "Events that are part of this one, earliest first." })
  async subEvents(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<EventRecord[]> {
    return loadAllOrFail(loaders.event.byId, await loaders.event.subEventIds.load(event.id));
  }

  @FieldResolver(() => [Participant], { description: "Who took part, and in what role; principals first." })
  participants(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<ParticipantRecord[]> {
    return loaders.event.participants.load(event.id);
  }

  @FieldResolver(() => StatementConnection, {
    description:
      "Statements made at this event or reported as about it, including those of its sub-events, in the order their sources report them.",
  })
  statements(@Root() event: EventRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(statementsOfEvent, event.id, args);
  }

  @FieldResolver(() => PositionConnection, {
    description: "Positions evidenced by this event's statements (see `statements`).",
  })
  positions(@Root() event: EventRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(positionsOfEvent, event.id, args);
  }
}

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => Actor, { description: "The person or collective actor taking part." })
  actor(@Root() participant: ParticipantRecord, @Ctx() { loaders }: Context): Promise<ActorRecord> {
    return loadOrFail(loaders.actor.byId, participant.actorId);
  }
}
