import { createUnionType, Field, Float, Int, ObjectType } from "type-graphql";
import { typeNameOf } from "../../common/type-name";
import { PageInfo } from "../../common/connection";
import { CollectiveActor, Person } from "../actor/actor.type";
import { Event } from "../event/event.type";
import { Position } from "../position/position.type";
import { Statement } from "../statement/statement.type";
import { Topic } from "../topic/topic.type";

export const SearchResult = createUnionType({
  name: "SearchResult",
  description: "Anything `search` can find.",
  types: () => [Statement, Event, Person, CollectiveActor, Topic, Position] as const,
  // Values are service records, which carry their GraphQL type name.
  resolveType: typeNameOf,
});

@ObjectType({ description: "A search hit with its cursor, rank and highlighted snippet." })
export class SearchEdge {
  @Field({ description: "Opaque position of this hit; pass it as `after` or `before`." })
  cursor!: string;

  @Field(() => SearchResult, { description: "The object found." })
  node!: typeof SearchResult;

  @Field(() => Float, { description: "Relevance (PostgreSQL `ts_rank`); hits come best first." })
  rank!: number;

  @Field({
    description:
      "The matching text with the matched words wrapped in `<mark>` … `</mark>`; fragments are joined with ` … `. The rest of the text is HTML-escaped (`&`, `<`, `>`), so the snippet is safe to insert as element content (not as an attribute value).",
  })
  snippet!: string;
}

@ObjectType({ description: "A page of search hits, best first (Relay cursor connection)." })
export class SearchConnection {
  @Field(() => [SearchEdge], { description: "The page's hits with cursors, ranks and snippets." })
  edges!: SearchEdge[];

  @Field(() => [SearchResult], { description: "The page's objects, without hit details." })
  nodes!: (typeof SearchResult)[];

  @Field(() => PageInfo, { description: "Cursors and whether more hits exist either side." })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    description: "How many hits there are, across all pages. Counted only when selected.",
  })
  totalCount!: number;
}
