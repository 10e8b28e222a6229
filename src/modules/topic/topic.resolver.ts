import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { bySlug, rootObject, selectPage } from "../../select";
import { ConnectionArgs } from "../../common/connection";
import type { Context } from "../../context";
import { PositionConnection } from "../position/position.type";
import { StatementConnection } from "../statement/statement.type";
import type { TopicRecord } from "./topic.service";
import { topicList } from "./topic.service";
import { positionsByTopic } from "../position/position.service";
import { statementsByTopic } from "../statement/statement.service";
import { Topic, TopicConnection } from "./topic.type";

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => Topic, {
    nullable: true,
    description: "The topic with this slug; a NOT_FOUND error when there is none.",
  })
  async topic(
    @Arg("slug", { description: 'The topic\'s slug, e.g. "territorial-exchange".' }) slug: string,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TopicRecord | object> {
    return rootObject(
      context,
      info,
      bySlug("Topic", slug, () => context.loaders.topic.bySlug.load(slug)),
    );
  }

  @Query(() => TopicConnection, { description: "All topics, by name." })
  async topics(@Args() args: ConnectionArgs, @Ctx() context: Context, @Info() info: GraphQLResolveInfo) {
    return (await selectPage(context, info, topicList, args)) ?? context.pages.root(topicList, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements touching this topic, in source order." })
  statements(@Root() topic: TopicRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(statementsByTopic, topic.id, args);
  }

  @FieldResolver(() => PositionConnection, { description: "Positions taken on this topic, oldest first." })
  positions(@Root() topic: TopicRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(positionsByTopic, topic.id, args);
  }
}
