import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { Prisma } from "../../generated/prisma/client";
import { bySlug, rootObject, selectPage } from "../../select";
import { ConnectionArgs } from "../../common/connection";
import { idsOfSlugs } from "../../common/filter";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { EventConnection } from "../event/event.type";
import { PositionConnection } from "../position/position.type";
import type { ProvenanceRecord } from "../source/source.service";
import { Provenance } from "../source/source.type";
import { StatementConnection } from "../statement/statement.type";
import { ActorKind } from "./actor.enums";
import { ActorFilter, ActorOrder } from "./actor.inputs";
import type { ActorRecord, RoleRecord } from "./actor.service";
import { actorList } from "./actor.service";
import { eventsOfParticipant } from "../event/event.service";
import { positionsByHolder } from "../position/position.service";
import { statementsBySpeaker } from "../statement/statement.service";
import { Actor, ActorConnection, Person, PersonConnection, Role } from "./actor.type";

async function actorConnection(
  args: ConnectionArgs,
  filter: ActorFilter | null | undefined,
  kinds: ActorKind[] | undefined,
  orderBy: ActorOrder | null | undefined,
  context: Context,
  info: GraphQLResolveInfo,
) {
  const { loaders, pages } = context;
  const [eventIds, topicIds] = await Promise.all([
    idsOfSlugs(loaders.event.bySlug, filter?.participatedIn, "event", "filter.participatedIn"),
    idsOfSlugs(loaders.topic.bySlug, filter?.topics, "topic", "filter.topics"),
  ]);
  const criteria = { kinds, eventIds, topicIds };
  const list = actorList(criteria, orderBy ?? undefined);
  return (await selectPage(context, info, list, args)) ?? pages.root(list, args);
}

@Resolver(() => Actor)
export class ActorResolver {
  @Query(() => Actor, {
    nullable: true,
    description: "The person or collective actor with this slug; a NOT_FOUND error when there is none.",
  })
  async actor(
    @Arg("slug", { description: 'The actor\'s slug, e.g. "european-leaders".' }) slug: string,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ActorRecord | object> {
    return rootObject(
      context,
      info,
      bySlug("Actor", slug, () => context.loaders.actor.bySlug.load(slug)),
    );
  }

  @Query(() => ActorConnection, {
    description: "Actors, persons and collective, filtered and sorted; by default all, by name.",
  })
  actors(
    @Args() args: ConnectionArgs,
    @Arg("filter", () => ActorFilter, { nullable: true, description: "Which actors; all when omitted." })
    filter: ActorFilter | null | undefined,
    @Arg("orderBy", () => ActorOrder, { nullable: true, description: "Sort order; by name when omitted." })
    orderBy: ActorOrder | null | undefined,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return actorConnection(args, filter, filter?.kinds ?? undefined, orderBy, context, info);
  }

  @Query(() => Person, {
    nullable: true,
    description: "The person with this slug; a NOT_FOUND error when there is none.",
  })
  async person(
    @Arg("slug", { description: 'The person\'s slug, e.g. "donald-trump".' }) slug: string,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ActorRecord | object> {
    const lookup = bySlug("Actor", slug, async () => {
      const actor = await context.loaders.actor.bySlug.load(slug);
      return actor?.kind === ActorKind.PERSON ? actor : null;
    });
    return rootObject(context, info, {
      ...lookup,
      typeName: "Person",
      where: (row) => Prisma.sql`${lookup.where(row)} AND ${Prisma.raw(row)}.kind = 'PERSON'`,
    });
  }

  @Query(() => PersonConnection, { description: "Persons, filtered and sorted; by default all, by name." })
  people(
    @Args() args: ConnectionArgs,
    @Arg("filter", () => ActorFilter, { nullable: true, description: "Which persons; all when omitted." })
    filter: ActorFilter | null | undefined,
    @Arg("orderBy", () => ActorOrder, { nullable: true, description: "Sort order; by name when omitted." })
    orderBy: ActorOrder | null | undefined,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return actorConnection(args, filter, [ActorKind.PERSON], orderBy, context, info);
  }

  @FieldResolver(() => StatementConnection, {
    description: "What this actor said, in the order the sources report it.",
  })
  statements(@Root() actor: ActorRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(statementsBySpeaker, actor.id, args);
  }

  @FieldResolver(() => PositionConnection, { description: "This actor's positions, oldest first." })
  positions(@Root() actor: ActorRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(positionsByHolder, actor.id, args);
  }

  @FieldResolver(() => EventConnection, { description: "Events this actor took part in, earliest first." })
  events(@Root() actor: ActorRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(eventsOfParticipant, actor.id, args);
  }
}

@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => String, { nullable: true, description: "Given name(s)." })
  async givenName(@Root() person: ActorRecord, @Ctx() { loaders }: Context): Promise<string | null> {
    return (await loaders.actor.person.load(person.id))?.givenName ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Family name." })
  async familyName(@Root() person: ActorRecord, @Ctx() { loaders }: Context): Promise<string | null> {
    return (await loaders.actor.person.load(person.id))?.familyName ?? null;
  }

  @FieldResolver(() => [Role], { description: "Offices and roles held, most recent first." })
  roles(@Root() person: ActorRecord, @Ctx() { loaders }: Context): Promise<RoleRecord[]> {
    return loaders.actor.roles.load(person.id);
  }
}

@Resolver(() => Role)
export class RoleResolver {
  @FieldResolver(() => Actor, { nullable: true, description: "The country or organization the role is held in." })
  organization(@Root() role: RoleRecord, @Ctx() { loaders }: Context): Promise<ActorRecord> | null {
    return role.organizationId === null ? null : loadOrFail(loaders.actor.byId, role.organizationId);
  }

  @FieldResolver(() => Provenance, {
    nullable: true,
    description: "The span of a source that names the person in this role.",
  })
  provenance(@Root() role: RoleRecord): ProvenanceRecord | null {
    return role.provenance;
  }
}
