import { Field, InputType } from "type-graphql";
import { DateTimeScalar } from "../../common/scalars";
import { FactBasis, TimePrecision } from "../../common/time.enums";
import { EventKind, EventStatus } from "../event/event.enums";

@InputType({
  description:
    "An event's fields, as a context bundle has them (`events`), without participants: those come from sources (participation claims). The place and parent are named by slug.",
})
export class EventInput {
  @Field({ description: "Lowercase letters, digits and single hyphens; how bundles refer to the event." })
  slug!: string;

  @Field({ description: "Short title." })
  title!: string;

  @Field(() => EventKind, { description: "What sort of occasion this is." })
  kind!: EventKind;

  @Field(() => EventStatus, { description: "Whether it took place or is only scheduled." })
  status!: EventStatus;

  @Field(() => FactBasis, { nullable: true, description: "How `status` is known; SOURCE when left out." })
  statusBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "A sentence or two of what the sources say about it." })
  description?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it starts; read with timePrecision." })
  startsAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The IANA time zone it happened in." })
  timeZone?: string | null;

  @Field(() => TimePrecision, { description: "How much of `startsAt` is known." })
  timePrecision!: TimePrecision;

  @Field(() => FactBasis, { description: "How `startsAt` is known." })
  timeBasis!: FactBasis;

  @Field(() => String, { nullable: true, description: "How the time was established, in words." })
  timeNote?: string | null;

  @Field(() => String, { nullable: true, description: "The slug of the place it is held at." })
  place?: string | null;

  @Field(() => String, { nullable: true, description: "The slug of the event this one is part of." })
  parent?: string | null;
}

@InputType({
  description:
    "Changes to an event: fields given replace the stored ones (null clears an optional one); those left out are kept. The slug stays; participants are left to sources.",
})
export class EventChanges {
  @Field(() => String, { nullable: true, description: "The new title." })
  title?: string | null;

  @Field(() => EventKind, { nullable: true, description: "The new kind." })
  kind?: EventKind | null;

  @Field(() => EventStatus, { nullable: true, description: "The new status." })
  status?: EventStatus | null;

  @Field(() => FactBasis, { nullable: true, description: "How `status` is known." })
  statusBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "The new description." })
  description?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it starts." })
  startsAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The IANA time zone it happened in." })
  timeZone?: string | null;

  @Field(() => TimePrecision, { nullable: true, description: "How much of `startsAt` is known." })
  timePrecision?: TimePrecision | null;

  @Field(() => FactBasis, { nullable: true, description: "How `startsAt` is known." })
  timeBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "How the time was established, in words." })
  timeNote?: string | null;

  @Field(() => String, { nullable: true, description: "The slug of the place; null for none." })
  place?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The slug of the event this one is part of; null for none. It must not be this event or one within it.",
  })
  parent?: string | null;
}
