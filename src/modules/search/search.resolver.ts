import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionArgs, paginate, validateConnectionArgs } from "../../common/connection";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { BadUserInputError } from "../../errors";
import { SearchResultType } from "./search.enums";
import type { SearchHitRecord } from "./search.service";
import { searchHits } from "./search.service";
import { SearchConnection } from "./search.type";

interface SearchConnectionRecord {
  edges: { cursor: string; node: { typename: string }; rank: number; snippet: string }[];
  nodes: { typename: string }[];
  pageInfo: SearchConnection["pageInfo"];
  totalCount: number;
}

const MAX_QUERY_LENGTH = 200;

function loadHit({ type, id }: SearchHitRecord, { loaders }: Context): Promise<{ typename: string }> {
  switch (type) {
    case "STATEMENT":
      return loadOrFail(loaders.statement.byId, id);
    case "EVENT":
      return loadOrFail(loaders.event.byId, id);
    case "ACTOR":
      return loadOrFail(loaders.actor.byId, id);
    case "TOPIC":
      return loadOrFail(loaders.topic.byId, id);
    case "POSITION":
      return loadOrFail(loaders.position.byId, id);
  }
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      'Ranked full-text search across statements, events, actors, topics and positions, best first. English stemming; web-search syntax: `land swap`, `"security guarantees"`, `NATO -membership`, `ceasefire or truce`. No hits gives an empty connection.',
  })
  async search(
    @Arg("query", { description: "What to look for, in web-search syntax (1 to 200 characters)." }) query: string,
    @Arg("types", () => [SearchResultType], {
      nullable: true,
      description: "Only these kinds of object; all kinds when omitted.",
    })
    types: SearchResultType[] | null | undefined,
    @Args() args: ConnectionArgs,
    @Ctx() context: Context,
  ): Promise<SearchConnectionRecord> {
    const trimmed = query.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_QUERY_LENGTH) {
      throw new BadUserInputError(`\`query\` must be 1 to ${MAX_QUERY_LENGTH} characters of text.`, "query");
    }
    validateConnectionArgs(args);
    const hits = await context.track(searchHits(context.db, trimmed, types ?? Object.values(SearchResultType)));
    const byKey = new Map(hits.map((hit) => [`${hit.type}:${hit.id}`, hit]));
    const page = paginate([...byKey.keys()], args, "SearchHit");
    const pageHits = page.ids.map((key) => byKey.get(key)!);
    const nodes = await Promise.all(pageHits.map((hit) => loadHit(hit, context)));
    return {
      edges: pageHits.map((hit, index) => ({
        cursor: page.cursors[index]!,
        node: nodes[index]!,
        rank: hit.rank,
        snippet: hit.snippet,
      })),
      nodes,
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }
}
