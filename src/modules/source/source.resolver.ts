import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { byRowId, rootObject, selectPage } from "../../select";
import { ConnectionArgs } from "../../common/connection";
import { fromGlobalIdOf } from "../../common/global-id";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { notFoundById } from "../node/node.lookup";
import { StatementConnection } from "../statement/statement.type";
import type { ProvenanceRecord, SourceRecord } from "./source.service";
import { sourceList } from "./source.service";
import { statementsBySource } from "../statement/statement.service";
import { Provenance, Source, SourceConnection } from "./source.type";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, {
    nullable: true,
    description:
      "The source with this ID; a NOT_FOUND error when there is none, whose `deletedIn` names the revision that deleted it, if one did.",
  })
  async source(
    @Arg("id", () => ID, { description: "The source's global ID (e.g. from `provenance { source { id } }`)." })
    id: string,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SourceRecord | object> {
    const rowId = fromGlobalIdOf("Source", id);
    return rootObject(
      context,
      info,
      byRowId(
        "Source",
        id,
        rowId,
        () => context.loaders.source.byId.load(rowId),
        () => notFoundById(context, "Source", rowId, id),
      ),
    );
  }

  @Query(() => SourceConnection, { description: "All sources, in the order they were added." })
  async sources(@Args() args: ConnectionArgs, @Ctx() context: Context, @Info() info: GraphQLResolveInfo) {
    return (await selectPage(context, info, sourceList, args)) ?? context.pages.root(sourceList, args);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements this source carries, in reading order." })
  statements(@Root() source: SourceRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(statementsBySource, source.id, args);
  }
}

@Resolver(() => Provenance)
export class ProvenanceResolver {
  @FieldResolver(() => Source, { description: "The source whose text the span indexes." })
  source(@Root() provenance: ProvenanceRecord, @Ctx() { loaders }: Context): Promise<SourceRecord> {
    return loadOrFail(loaders.source.byId, provenance.sourceId);
  }
}
