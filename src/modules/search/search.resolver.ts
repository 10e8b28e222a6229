import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionArgs, DEFAULT_PAGE_SIZE, toConnection, validateConnectionArgs } from "../../common/connection";
import { assemblePage, listIdentity, pageWindow } from "../../common/keyset";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { BadUserInputError } from "../../errors";
import { SearchResultType } from "./search.enums";
import type { SearchHitRecord } from "./search.service";
import { countHits, SEARCH_KEYS, searchWindow } from "./search.service";
import { SearchConnection } from "./search.type";

interface SearchConnectionRecord {
  edges: { cursor: string; node: { typename: string }; rank: number; snippet: string }[];
  nodes: { typename: string }[];
  pageInfo: SearchConnection["pageInfo"];
  readonly totalCount: Promise<number>;
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
    const kinds = [...new Set(types ?? Object.values(SearchResultType))].sort();
    const identity = listIdentity("search", { query: trimmed, types: kinds });
    const window = pageWindow(args, "SearchHit", identity, SEARCH_KEYS, DEFAULT_PAGE_SIZE);
    const rows = await context.track(searchWindow(context.db, trimmed, kinds, window));
    const page = assemblePage(rows, window, "SearchHit", identity, SEARCH_KEYS.length);
    const connection = toConnection(
      page,
      (hit) => hit,
      () => context.track(countHits(context.db, trimmed, kinds)),
    );
    const nodes = await Promise.all(page.rows.map((hit) => loadHit(hit, context)));
    return {
      edges: page.rows.map((hit, index) => ({
        cursor: page.cursors[index]!,
        node: nodes[index]!,
        rank: hit.rank,
        snippet: hit.snippet,
      })),
      nodes,
      pageInfo: connection.pageInfo,
      get totalCount() {
        return connection.totalCount;
      },
    };
  }
}
