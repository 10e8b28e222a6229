import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ConnectionArgs, connectionOf } from "../../common/connection";
import type { Context } from "../../context";
import { NotFoundError } from "../../errors";
import { PositionConnection } from "../position/position.type";
import { StatementConnection } from "../statement/statement.type";
import type { TopicRecord } from "./topic.service";
import { listTopicIds } from "./topic.service";
import { Topic, TopicConnection } from "./topic.type";

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => Topic, {
    nullable: true,
    description: "The topic with this slug; a NOT_FOUND error when there is none.",
  })
  async topic(
    @Arg("slug", { description: 'The topic\'s slug, e.g. "territorial-exchange".' }) slug: string,
    @Ctx() { loaders }: Context,
  ): Promise<TopicRecord> {
    const topic = await loaders.topic.bySlug.load(slug);
    if (!topic) throw new NotFoundError("Topic", "slug", slug);
    return topic;
  }

  @Query(() => TopicConnection, { description: "All topics, by name." })
  topics(@Args() args: ConnectionArgs, @Ctx() { db, loaders, track }: Context) {
    return connectionOf(args, "Topic", () => track(listTopicIds(db)), loaders.topic.byId);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements touching this topic, in source order." })
  statements(@Root() topic: TopicRecord, @Args() args: ConnectionArgs, @Ctx() { loaders }: Context) {
    return connectionOf(args, "Statement", () => loaders.statement.idsByTopic.load(topic.id), loaders.statement.byId);
  }

  @FieldResolver(() => PositionConnection, { description: "Positions taken on this topic, oldest first." })
  positions(@Root() topic: TopicRecord, @Args() args: ConnectionArgs, @Ctx() { loaders }: Context) {
    return connectionOf(args, "Position", () => loaders.position.idsByTopic.load(topic.id), loaders.position.byId);
  }
}
