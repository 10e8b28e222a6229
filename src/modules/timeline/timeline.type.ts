import { createUnionType, Field, ObjectType, registerEnumType } from "type-graphql";
import { typeNameOf } from "../../common/type-name";
import { ConnectionType } from "../../common/connection";
import { DateTimeScalar } from "../../common/scalars";
import { TimePrecision } from "../../common/time.enums";
import { Event } from "../event/event.type";
import { Position } from "../position/position.type";
import { Statement } from "../statement/statement.type";

export const TimelineDating = {
  SAID: "SAID",
  REPORTED: "REPORTED",
  AS_OF: "AS_OF",
  STARTS: "STARTS",
  UNDATED: "UNDATED",
} as const;
export type TimelineDating = (typeof TimelineDating)[keyof typeof TimelineDating];

registerEnumType(TimelineDating, {
  name: "TimelineDating",
  description: "What a timeline entry's `at` is the time of.",
  valuesConfig: {
    SAID: { description: "When the statement was said." },
    REPORTED: {
      description:
        "The statement's own time is not given: the day its source was published (it was said then or before).",
    },
    AS_OF: { description: "The day the position is known to hold on." },
    STARTS: { description: "When the event starts." },
    UNDATED: { description: "No time is known; undated entries come last." },
  },
});

export const TimelineItem = createUnionType({
  name: "TimelineItem",
  description: "Something placed on a timeline.",
  types: () => [Event, Statement, Position] as const,
  // Values are service records, which carry their GraphQL type name.
  resolveType: typeNameOf,
});

@ObjectType({ description: "An item on a timeline and the time it is placed at." })
export class TimelineEntry {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Where the entry sits in time (UTC); read with `dating` and `timePrecision`.",
  })
  at!: Date | null;

  @Field(() => String, { nullable: true, description: "IANA time zone `at` is reckoned in." })
  timeZone!: string | null;

  @Field(() => TimePrecision, { nullable: true, description: "How much of `at` is known." })
  timePrecision!: TimePrecision | null;

  @Field(() => TimelineDating, { description: "What `at` is the time of." })
  dating!: TimelineDating;
}

export const TimelineConnection = ConnectionType(TimelineEntry, "Timeline", "timeline entry", "timeline entries");
