import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionArgs, DEFAULT_PAGE_SIZE, toConnection, validateConnectionArgs } from "../../common/connection";
import { assemblePage, listIdentity, pageWindow } from "../../common/keyset";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { BadUserInputError } from "../../errors";
import { SearchResultType } from "./search.enums";
import type { SearchHitRecord } from "./search.service";
import {
  countHits,
  keepPostings,
  POSTINGS_FROM_MATCHES,
  queryLexeme,
  SEARCH_KEYS,
  searchWindow,
} from "./search.service";
import { SearchConnection } from "./search.type";

interface SearchConnectionRecord {
  readonly edges: Promise<{ cursor: string; node: Promise<{ typename: string }>; rank: number; snippet: string }[]>;
  readonly nodes: Promise<{ typename: string }[]>;
  readonly pageInfo: Promise<SearchConnection["pageInfo"]>;
  readonly totalCount: Promise<number>;
}

const MAX_QUERY_LENGTH = 200;

/** The lexeme whose postings this process is writing now: one at a time. */
let keeping: string | undefined;
/** Lexemes not to try again before the time given (ms since the epoch): a try gave up or failed. */
const retryAfter = new Map<string, number>();
const RETRY_AFTER_MS = 10 * 60_000;

/**
 * Starts keeping a common lexeme's postings, in the background: the search that found it is
 * answered by ranking, as before; the next ones read pages of postings. One lexeme at a time, so
 * searches cannot hold more than one pooled connection with this; a try that gives up (tables
 * being written, too many lexemes kept) or fails (the database gone) leaves the lexeme as it was,
 * not to be tried again for ten minutes.
 */
function keepPostingsOnce(db: Context["db"], lexeme: string): void {
  if (keeping !== undefined || (retryAfter.get(lexeme) ?? 0) > Date.now()) return;
  keeping = lexeme;
  keepPostings(db, lexeme)
    .catch(() => false)
    .then((kept) => {
      if (kept) retryAfter.delete(lexeme);
      else {
        if (retryAfter.size >= 10_000) retryAfter.clear();
        retryAfter.set(lexeme, Date.now() + RETRY_AFTER_MS);
      }
    })
    .finally(() => (keeping = undefined));
}

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
    // "search 3": its cursors hold the negated rank (see SEARCH_KEYS); older ones are refused.
    const identity = listIdentity("search 3", { query: trimmed, types: kinds });
    const window = pageWindow(args, "SearchHit", identity, SEARCH_KEYS, DEFAULT_PAGE_SIZE);
    // Nothing is read until selected: a count alone reads no page, a page without nodes loads none.
    let term: Promise<{ lexeme: string | null; kept: boolean }> | undefined;
    const kept = async () => {
      const found = await (term ??= context.track(queryLexeme(context.db, trimmed)));
      return found.kept ? found.lexeme : null;
    };
    let count: Promise<number> | undefined;
    const counted = () =>
      (count ??= kept().then((lexeme) => context.track(countHits(context.db, trimmed, kinds, lexeme))));
    let read: Promise<ReturnType<typeof toConnection<SearchHitRecord, SearchHitRecord>>> | undefined;
    const connection = () =>
      (read ??= kept().then(async (lexeme) => {
        const { rows, matches } = await context.track(searchWindow(context.db, trimmed, kinds, window, lexeme));
        const { lexeme: common } = await term!;
        if (!lexeme && common && matches >= POSTINGS_FROM_MATCHES) keepPostingsOnce(context.db, common);
        return toConnection(
          assemblePage(rows, window, "SearchHit", identity, SEARCH_KEYS.length),
          (hit) => hit,
          counted,
        );
      }));
    return {
      get edges() {
        return connection().then(({ edges }) =>
          edges.map((edge) => ({
            get cursor() {
              return edge.cursor;
            },
            get node() {
              return loadHit(edge.node, context);
            },
            rank: edge.node.rank,
            snippet: edge.node.snippet,
          })),
        );
      },
      get nodes() {
        return connection().then(({ nodes }) => Promise.all(nodes.map((hit) => loadHit(hit, context))));
      },
      get pageInfo() {
        return connection().then(({ pageInfo }) => pageInfo);
      },
      get totalCount() {
        return counted();
      },
    };
  }
}
