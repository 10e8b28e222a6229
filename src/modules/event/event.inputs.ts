import { Field, InputType, registerEnumType } from "type-graphql";
import { InstantRange, OrderDirection } from "../../common/filter";
import { EventKind, EventStatus } from "./event.enums";

@InputType({ description: "Which events to list. Conditions combine with AND; values within one list with OR." })
export class EventFilter {
  @Field(() => [EventKind], { nullable: true, description: "Of one of these kinds." })
  kinds?: EventKind[] | null;

  @Field(() => [EventStatus], { nullable: true, description: "With one of these statuses." })
  statuses?: EventStatus[] | null;

  @Field(() => [String], { nullable: true, description: "With one of these actors taking part (slugs)." })
  participants?: string[] | null;

  @Field(() => InstantRange, {
    nullable: true,
    description: "Starting within this range, respecting `timePrecision`. Undated events never match a range.",
  })
  startsBetween?: InstantRange | null;
}

export const EventOrderField = { STARTS_AT: "STARTS_AT", TITLE: "TITLE" } as const;
export type EventOrderField = (typeof EventOrderField)[keyof typeof EventOrderField];

registerEnumType(EventOrderField, {
  name: "EventOrderField",
  description: "What to sort events by.",
  valuesConfig: {
    STARTS_AT: { description: "When they start; undated events last." },
    TITLE: { description: "Their title." },
  },
});

@InputType({ description: "How to sort events." })
export class EventOrder {
  @Field(() => EventOrderField, { defaultValue: EventOrderField.STARTS_AT, description: "Sort key." })
  field!: EventOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "Sort direction." })
  direction!: OrderDirection;
}
