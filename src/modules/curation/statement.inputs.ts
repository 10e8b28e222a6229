import { Field, InputType, Int } from "type-graphql";
import { DateTimeScalar } from "../../common/scalars";
import { FactBasis, TimePrecision } from "../../common/time.enums";
import { StatementKind } from "../statement/statement.enums";

@InputType({
  description:
    "Where a fact stands in its source's text: `exact` alone is found in the text (and must occur once, or once between `prefix` and `suffix`); `start` and `end` (code points) are checked against it.",
})
export class SpanInput {
  @Field({ description: "The source's exact words." })
  exact!: string;

  @Field(() => Int, { nullable: true, description: "Code-point offset of the first character." })
  start?: number | null;

  @Field(() => Int, { nullable: true, description: "Code-point offset just past the last character." })
  end?: number | null;

  @Field(() => String, { nullable: true, description: "Text just before the span, to pick one of several matches." })
  prefix?: string | null;

  @Field(() => String, { nullable: true, description: "Text just after the span, likewise." })
  suffix?: string | null;
}

/** The fields a statement is written with; for an update every one may be left out, to keep it. */
@InputType({
  description:
    "A statement's fields, as a context bundle has them (schemas/context-bundle.schema.json, `statements`). Actors, events and topics are named by slug.",
})
export class StatementInput {
  @Field({ description: "Unique within the source: lowercase letters, digits and hyphens." })
  key!: string;

  @Field(() => StatementKind)
  kind!: StatementKind;

  @Field({ description: "The speaking actor's slug." })
  speaker!: string;

  @Field(() => String, { nullable: true, description: "The reporting verb, as the source has it." })
  verb?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "For a DIRECT_QUOTE its exact words (the default); for a PARAPHRASE the claim in neutral words (required).",
  })
  text?: string | null;

  @Field(() => SpanInput)
  span!: SpanInput;

  @Field(() => String, { nullable: true, description: "The slug of the event at which it was said." })
  occasion?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When it was said; give timePrecision and timeBasis with it.",
  })
  saidAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The IANA time zone it was said in; only with saidAt." })
  timeZone?: string | null;

  @Field(() => TimePrecision, { nullable: true })
  timePrecision?: TimePrecision | null;

  @Field(() => FactBasis, { nullable: true })
  timeBasis?: FactBasis | null;

  @Field(() => String, {
    nullable: true,
    description: 'The source\'s own words for when it was said ("on Wednesday").',
  })
  timeText?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "Slugs of the events it is about (replacing the list, on update).",
  })
  about?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Slugs of its topics (replacing the list, on update)." })
  topics?: string[] | null;
}

@InputType({
  description:
    "Changes to a statement: the fields given replace the stored ones (null clears an optional field); those left out are kept. The source and key stay.",
})
export class StatementChanges {
  @Field(() => StatementKind, { nullable: true })
  kind?: StatementKind | null;

  @Field(() => String, {
    nullable: true,
    description: "The speaking actor's slug; for a correction with a reason, `reattributeStatement`.",
  })
  speaker?: string | null;

  @Field(() => String, { nullable: true })
  verb?: string | null;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => SpanInput, { nullable: true, description: "A new span in the same source's text." })
  span?: SpanInput | null;

  @Field(() => String, { nullable: true })
  occasion?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  saidAt?: Date | null;

  @Field(() => String, { nullable: true })
  timeZone?: string | null;

  @Field(() => TimePrecision, { nullable: true })
  timePrecision?: TimePrecision | null;

  @Field(() => FactBasis, { nullable: true })
  timeBasis?: FactBasis | null;

  @Field(() => String, { nullable: true })
  timeText?: string | null;

  @Field(() => [String], { nullable: true })
  about?: string[] | null;

  @Field(() => [String], { nullable: true })
  topics?: string[] | null;
}
