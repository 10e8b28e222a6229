import { Field, InputType, registerEnumType } from "type-graphql";
import { DateRange, OrderDirection } from "../../common/filter";
import { Stance } from "./position.enums";

@InputType({ description: "Which positions to list. Conditions combine with AND; values within one list with OR." })
export class PositionFilter {
  @Field(() => [String], { nullable: true, description: "Held by one of these actors (slugs)." })
  holders?: string[] | null;

  @Field(() => [String], { nullable: true, description: "On one of these topics (slugs)." })
  topics?: string[] | null;

  @Field(() => [Stance], { nullable: true, description: "With one of these stances." })
  stances?: Stance[] | null;

  @Field(() => DateRange, { nullable: true, description: "Known to hold on a day in this range (`asOf`)." })
  asOfBetween?: DateRange | null;
}

export const PositionOrderField = { AS_OF: "AS_OF", HOLDER_NAME: "HOLDER_NAME" } as const;
export type PositionOrderField = (typeof PositionOrderField)[keyof typeof PositionOrderField];

registerEnumType(PositionOrderField, {
  name: "PositionOrderField",
  description: "What to sort positions by.",
  valuesConfig: {
    AS_OF: { description: "The date the position is known to hold on." },
    HOLDER_NAME: { description: "The holder's name, then the topic's name." },
  },
});

@InputType({ description: "How to sort positions." })
export class PositionOrder {
  @Field(() => PositionOrderField, { defaultValue: PositionOrderField.AS_OF, description: "Sort key." })
  field!: PositionOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "Sort direction." })
  direction!: OrderDirection;
}
