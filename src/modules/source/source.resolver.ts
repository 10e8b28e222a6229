import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { ConnectionArgs } from "../../common/connection";
import { fromGlobalIdOf } from "../../common/global-id";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { NotFoundError } from "../../errors";
import { StatementConnection } from "../statement/statement.type";
import type { ProvenanceRecord, SourceRecord } from "./source.service";
import { sourceList } from "./source.service";
import { statementsBySource } from "../statement/statement.service";
import { Provenance, Source, SourceConnection } from "./source.type";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, {
    nullable: true,
    description: "The source with this ID; a NOT_FOUND error when there is none.",
  })
  async source(
    @Arg("id", () => ID, { description: "The source's global ID (e.g. from `provenance { source { id } }`)." })
    id: string,
    @Ctx() { loaders }: Context,
  ): Promise<SourceRecord> {
    const source = await loaders.source.byId.load(fromGlobalIdOf("Source", id));
    if (!source) throw new NotFoundError("Source", "id", id);
    return source;
  }

  @Query(() => SourceConnection, { description: "All sources, in the order they were added." })
  sources(@Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.root(sourceList, args);
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
