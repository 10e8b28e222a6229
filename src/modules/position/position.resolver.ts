import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { selectPage } from "../../select";
import { checkRange, idsOfSlugs } from "../../common/filter";
import { ConnectionArgs } from "../../common/connection";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import { StatementConnection } from "../statement/statement.type";
import type { TopicRecord } from "../topic/topic.service";
import { Topic } from "../topic/topic.type";
import { PositionFilter, PositionOrder } from "./position.inputs";
import type { PositionRecord } from "./position.service";
import { positionList } from "./position.service";
import { evidenceOfPosition } from "../statement/statement.service";
import { Position, PositionConnection } from "./position.type";

@Resolver(() => Position)
export class PositionResolver {
  @Query(() => PositionConnection, { description: "Positions, filtered and sorted; by default all, oldest first." })
  async positions(
    @Args() args: ConnectionArgs,
    @Arg("filter", () => PositionFilter, { nullable: true, description: "Which positions; all when omitted." })
    filter: PositionFilter | null | undefined,
    @Arg("orderBy", () => PositionOrder, { nullable: true, description: "Sort order; oldest first when omitted." })
    orderBy: PositionOrder | null | undefined,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const { loaders, pages } = context;
    checkRange(filter?.asOfBetween, "filter.asOfBetween");
    const [holderIds, topicIds] = await Promise.all([
      idsOfSlugs(loaders.actor.bySlug, filter?.holders, "actor", "filter.holders"),
      idsOfSlugs(loaders.topic.bySlug, filter?.topics, "topic", "filter.topics"),
    ]);
    const criteria = {
      holderIds,
      topicIds,
      stances: filter?.stances ?? undefined,
      asOfFrom: filter?.asOfBetween?.from,
      asOfTo: filter?.asOfBetween?.to,
    };
    const list = positionList(criteria, orderBy ?? undefined);
    return (await selectPage(context, info, list, args)) ?? pages.root(list, args);
  }

  @FieldResolver(() => Actor, { description: "Whose position it is." })
  holder(@Root() position: PositionRecord, @Ctx() { loaders }: Context): Promise<ActorRecord> {
    return loadOrFail(loaders.actor.byId, position.holderId);
  }

  @FieldResolver(() => Topic, { description: "What it is a position on." })
  topic(@Root() position: PositionRecord, @Ctx() { loaders }: Context): Promise<TopicRecord> {
    return loadOrFail(loaders.topic.byId, position.topicId);
  }

  @FieldResolver(() => StatementConnection, {
    description: "The statements that evidence the position (never empty), in source order.",
  })
  evidence(@Root() position: PositionRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(evidenceOfPosition, position.id, args);
  }
}
