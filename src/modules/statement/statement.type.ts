import { Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { DateTimeScalar } from "../../common/scalars";
import { FactBasis, TimePrecision } from "../../common/time.enums";
import { Versioned } from "../revision/revision.type";
import { StatementKind } from "./statement.enums";

@ObjectType({
  implements: [Node, Versioned],
  description:
    "Something an actor said, as a source reports it: a direct quote or a paraphrased claim, tied to the exact span of the source that carries it.",
})
export class Statement extends Versioned {
  @Field(() => StatementKind, { description: "Direct quote or paraphrase." })
  kind!: StatementKind;

  @Field({
    description:
      "For a direct quote, the quoted words (equal to `provenance.exact`). For a paraphrase, the claim in neutral words; `provenance.exact` has the source's own.",
  })
  text!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The reporting verb the source uses ("remarked", "asserted"), where it gives one.',
  })
  verb!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When it was said, as a UTC instant; read with `timePrecision`. Null when the source does not say.",
  })
  saidAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "IANA time zone `saidAt` is reckoned in; null when the source does not say where (then UTC).",
  })
  timeZone!: string | null;

  @Field(() => TimePrecision, { nullable: true, description: "How much of `saidAt` is known." })
  timePrecision!: TimePrecision | null;

  @Field(() => FactBasis, { nullable: true, description: "How `saidAt` is known." })
  timeBasis!: FactBasis | null;

  @Field(() => String, {
    nullable: true,
    description: 'The source\'s own words for when it was said ("On Friday", "As Trump traveled to the summit").',
  })
  timeText!: string | null;
}

export const StatementConnection = ConnectionType(Statement, "Statement", "statement");
