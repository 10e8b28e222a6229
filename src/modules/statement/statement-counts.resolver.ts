import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import type { EventRecord } from "../event/event.service";
import { Event } from "../event/event.type";
import type { TopicRecord } from "../topic/topic.service";
import { Topic } from "../topic/topic.type";
import { StatementCount, StatementGrouping } from "./statement-counts.type";
import { statementCriteria } from "./statement.criteria";
import { StatementKind } from "./statement.enums";
import { StatementFilter } from "./statement.inputs";
import type { StatementCountRecord } from "./statement.service";
import { countStatements } from "./statement.service";

function idOfGroup(count: StatementCountRecord, grouping: StatementCountRecord["grouping"]): number | null {
  return count.grouping === grouping && typeof count.key === "number" ? count.key : null;
}

@Resolver(() => StatementCount)
export class StatementCountResolver {
  @Query(() => [StatementCount], {
    description:
      "How many statements there are per topic, speaker, occasion or kind (largest first), optionally filtered.",
  })
  async statementCounts(
    @Arg("by", () => StatementGrouping, { description: "What to group by." }) by: StatementGrouping,
    @Arg("filter", () => StatementFilter, {
      nullable: true,
      description: "Which statements to count; all when omitted.",
    })
    filter: StatementFilter | null | undefined,
    @Ctx() context: Context,
  ): Promise<StatementCountRecord[]> {
    const criteria = await statementCriteria(filter, context);
    return context.track(countStatements(context.db, by, criteria));
  }

  @FieldResolver(() => StatementKind, { nullable: true, description: "The group's kind, when grouping by KIND." })
  kind(@Root() count: StatementCountRecord): StatementKind | null {
    return count.grouping === "KIND" ? (count.key as StatementKind) : null;
  }

  @FieldResolver(() => Topic, {
    nullable: true,
    description: "The group's topic, when grouping by TOPIC (null: no topic).",
  })
  topic(@Root() count: StatementCountRecord, @Ctx() { loaders }: Context): Promise<TopicRecord> | null {
    const id = idOfGroup(count, "TOPIC");
    return id === null ? null : loadOrFail(loaders.topic.byId, id);
  }

  @FieldResolver(() => Actor, { nullable: true, description: "The group's speaker, when grouping by SPEAKER." })
  speaker(@Root() count: StatementCountRecord, @Ctx() { loaders }: Context): Promise<ActorRecord> | null {
    const id = idOfGroup(count, "SPEAKER");
    return id === null ? null : loadOrFail(loaders.actor.byId, id);
  }

  @FieldResolver(() => Event, {
    nullable: true,
    description: "The group's occasion, when grouping by OCCASION (null: none given).",
  })
  occasion(@Root() count: StatementCountRecord, @Ctx() { loaders }: Context): Promise<EventRecord> | null {
    const id = idOfGroup(count, "OCCASION");
    return id === null ? null : loadOrFail(loaders.event.byId, id);
  }
}
