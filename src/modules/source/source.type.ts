import { Field, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { Versioned } from "../revision/revision.type";
import { LocalDateScalar } from "../../common/scalars";
import { FactBasis } from "../../common/time.enums";

@ObjectType({
  implements: [Node, Versioned],
  description: "A text that facts are drawn from: a news article, a transcript.",
})
export class Source extends Versioned {
  @Field({ description: "Stable human-readable key." })
  slug!: string;

  @Field({ description: "Title, or a descriptive label where the source has none (see `note`)." })
  title!: string;

  @Field(() => String, { nullable: true, description: 'The dateline as printed ("ANCHORAGE, Alaska").' })
  dateline!: string | null;

  @Field(() => String, { nullable: true, description: "Who published it, where known." })
  publisher!: string | null;

  @Field(() => String, { nullable: true, description: "Where it was published, where known." })
  url!: string | null;

  @Field({ description: "BCP 47 language tag of the text." })
  language!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Publication date, where known." })
  publishedOn!: string | null;

  @Field(() => FactBasis, { nullable: true, description: "How the publication date is known." })
  publishedOnBasis!: FactBasis | null;

  @Field(() => String, { nullable: true, description: "What is known of the source's origin, and what is not." })
  note!: string | null;

  @Field({ description: "The full text, verbatim. Provenance offsets index into it by Unicode code point." })
  text!: string;

  @Field(() => Int, { description: "Length of `text` in Unicode code points." })
  textLength!: number;

  @Field({ description: "Lowercase hex SHA-256 of `text` in UTF-8, to check a copy is the same text." })
  sha256!: string;
}

@ObjectType({
  description:
    "Where a fact stands in its source, as a W3C Web Annotation TextPositionSelector (`start`, `end`) plus TextQuoteSelector (`exact`, `prefix`, `suffix`). Always `[...source.text].slice(start, end).join('') == exact`.",
})
export class Provenance {
  @Field(() => Int, { description: "Offset of the first code point of the span in `source.text` (0-based)." })
  start!: number;

  @Field(() => Int, { description: "Offset just past the last code point of the span (exclusive)." })
  end!: number;

  @Field({
    description: "The exact text of the span. For a direct quote: the quoted words without the quotation marks.",
  })
  exact!: string;

  @Field({ description: "Up to 32 code points of the text just before the span." })
  prefix!: string;

  @Field({ description: "Up to 32 code points of the text just after the span." })
  suffix!: string;
}

export const SourceConnection = ConnectionType(Source, "Source", "source");
