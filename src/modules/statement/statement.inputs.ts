import { Field, InputType, registerEnumType } from "type-graphql";
import { InstantRange, OrderDirection } from "../../common/filter";
import { StatementKind } from "./statement.enums";

@InputType({ description: "Which statements to list. Conditions combine with AND; values within one list with OR." })
export class StatementFilter {
  @Field(() => [String], { nullable: true, description: "Said by one of these actors (slugs)." })
  speakers?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Touching one of these topics (slugs)." })
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Made at one of these events (slugs)." })
  occasions?: string[] | null;

  @Field(() => [StatementKind], { nullable: true, description: "Of one of these kinds." })
  kinds?: StatementKind[] | null;

  @Field(() => InstantRange, {
    nullable: true,
    description: "Said within this range, respecting `timePrecision`. Undated statements never match a range.",
  })
  saidBetween?: InstantRange | null;
}

export const StatementOrderField = { SOURCE_ORDER: "SOURCE_ORDER", SAID_AT: "SAID_AT" } as const;
export type StatementOrderField = (typeof StatementOrderField)[keyof typeof StatementOrderField];

registerEnumType(StatementOrderField, {
  name: "StatementOrderField",
  description: "What to sort statements by.",
  valuesConfig: {
    SOURCE_ORDER: { description: "The order the sources report them (source, then offset in its text)." },
    SAID_AT: { description: "When they were said; undated statements last, in source order." },
  },
});

@InputType({ description: "How to sort statements." })
export class StatementOrder {
  @Field(() => StatementOrderField, { defaultValue: StatementOrderField.SOURCE_ORDER, description: "Sort key." })
  field!: StatementOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "Sort direction." })
  direction!: OrderDirection;
}
