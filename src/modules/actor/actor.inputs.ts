import { Field, InputType, registerEnumType } from "type-graphql";
import { OrderDirection } from "../../common/filter";
import { ActorKind } from "./actor.enums";

@InputType({ description: "Which actors to list. Conditions combine with AND; values within one list with OR." })
export class ActorFilter {
  @Field(() => [ActorKind], {
    nullable: true,
    description: "Of one of these kinds (ignored by `people`, which are all PERSON).",
  })
  kinds?: ActorKind[] | null;

  @Field(() => [String], { nullable: true, description: "Took part in one of these events (slugs)." })
  participatedIn?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "Made a statement on, or hold a position on, one of these topics (slugs).",
  })
  topics?: string[] | null;
}

export const ActorOrderField = { NAME: "NAME", STATEMENT_COUNT: "STATEMENT_COUNT" } as const;
export type ActorOrderField = (typeof ActorOrderField)[keyof typeof ActorOrderField];

registerEnumType(ActorOrderField, {
  name: "ActorOrderField",
  description: "What to sort actors by.",
  valuesConfig: {
    NAME: { description: "Their name." },
    STATEMENT_COUNT: { description: "How many statements they made (ties by name)." },
  },
});

@InputType({ description: "How to sort actors." })
export class ActorOrder {
  @Field(() => ActorOrderField, { defaultValue: ActorOrderField.NAME, description: "Sort key." })
  field!: ActorOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "Sort direction." })
  direction!: OrderDirection;
}
