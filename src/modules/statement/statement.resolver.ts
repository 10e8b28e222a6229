import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { byRowId, rootObject, selectPage } from "../../select";
import { ConnectionArgs } from "../../common/connection";
import { fromGlobalIdOf } from "../../common/global-id";
import { loadAllOrFail, loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { notFoundById } from "../node/node.lookup";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import type { EventRecord } from "../event/event.service";
import { eventsStatementIsAbout } from "../event/event.service";
import { Event, EventConnection } from "../event/event.type";
import { positionsEvidencedBy } from "../position/position.service";
import { PositionConnection } from "../position/position.type";
import type { ProvenanceRecord } from "../source/source.service";
import { Provenance } from "../source/source.type";
import type { TopicRecord } from "../topic/topic.service";
import { Topic } from "../topic/topic.type";
import { statementCriteria } from "./statement.criteria";
import { StatementFilter, StatementOrder } from "./statement.inputs";
import type { StatementRecord } from "./statement.service";
import { statementList } from "./statement.service";
import { Statement, StatementConnection } from "./statement.type";

@Resolver(() => Statement)
export class StatementResolver {
  @Query(() => Statement, {
    nullable: true,
    description:
      "The statement with this ID; a NOT_FOUND error when there is none, whose `deletedIn` names the revision that deleted it, if one did.",
  })
  async statement(
    @Arg("id", () => ID, { description: "The statement's global ID." }) id: string,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StatementRecord | object> {
    const rowId = fromGlobalIdOf("Statement", id);
    return rootObject(
      context,
      info,
      byRowId(
        "Statement",
        id,
        rowId,
        () => context.loaders.statement.byId.load(rowId),
        () => notFoundById(context, "Statement", rowId, id),
      ),
    );
  }

  @Query(() => StatementConnection, {
    description: "Statements, filtered and sorted; by default all of them, in the order their sources report them.",
  })
  async statements(
    @Args() args: ConnectionArgs,
    @Arg("filter", () => StatementFilter, { nullable: true, description: "Which statements; all when omitted." })
    filter: StatementFilter | null | undefined,
    @Arg("orderBy", () => StatementOrder, { nullable: true, description: "Sort order; source order when omitted." })
    orderBy: StatementOrder | null | undefined,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const criteria = await statementCriteria(filter, context);
    const list = statementList(criteria, orderBy ?? undefined);
    return (await selectPage(context, info, list, args)) ?? context.pages.root(list, args);
  }

  @FieldResolver(() => Actor, { description: "Who said it, as the source attributes it." })
  speaker(@Root() statement: StatementRecord, @Ctx() { loaders }: Context): Promise<ActorRecord> {
    return loadOrFail(loaders.actor.byId, statement.speakerId);
  }

  @FieldResolver(() => Event, { nullable: true, description: "The event it was said at, where the source gives one." })
  occasion(@Root() statement: StatementRecord, @Ctx() { loaders }: Context): Promise<EventRecord> | null {
    return statement.occasionId === null ? null : loadOrFail(loaders.event.byId, statement.occasionId);
  }

  @FieldResolver(() => EventConnection, {
    description: "Events the statement is reported as context of (besides its occasion), earliest first.",
  })
  aboutEvents(@Root() statement: StatementRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(eventsStatementIsAbout, statement.id, args);
  }

  @FieldResolver(() => [Topic], { description: "Topics it touches, by name." })
  async topics(@Root() statement: StatementRecord, @Ctx() { loaders }: Context): Promise<TopicRecord[]> {
    return loadAllOrFail(loaders.topic.byId, await loaders.statement.topicIds.load(statement.id));
  }

  @FieldResolver(() => Provenance, { description: "The source and the exact span of it that carries the statement." })
  provenance(@Root() statement: StatementRecord): ProvenanceRecord {
    return statement.provenance;
  }

  @FieldResolver(() => PositionConnection, { description: "Positions this statement is evidence for." })
  positions(@Root() statement: StatementRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(positionsEvidencedBy, statement.id, args);
  }
}
