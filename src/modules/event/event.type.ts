import { Field, Float, ObjectType } from "type-graphql";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { Versioned } from "../revision/revision.type";
import { DateTimeScalar } from "../../common/scalars";
import { FactBasis, TimePrecision } from "../../common/time.enums";
import { EventKind, EventStatus, ParticipantRole } from "./event.enums";

@ObjectType({ description: "A point on the globe (WGS 84)." })
export class Coordinates {
  @Field(() => Float, { description: "Latitude in decimal degrees, north positive." })
  latitude!: number;

  @Field(() => Float, { description: "Longitude in decimal degrees, east positive." })
  longitude!: number;

  @Field(() => FactBasis, { description: "How the coordinates are known (usually public background)." })
  basis!: FactBasis;
}

@ObjectType({ implements: [Node, Versioned], description: "Where an event took place." })
export class Place extends Versioned {
  @Field({ description: 'Name of the venue or place ("Joint Base Elmendorf-Richardson").' })
  name!: string;

  @Field(() => String, { nullable: true, description: "City or town, or the one it lies on the outskirts of." })
  locality!: string | null;

  @Field(() => String, { nullable: true, description: "State, province or region." })
  region!: string | null;

  @Field(() => String, { nullable: true, description: "Country name in English." })
  country!: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code." })
  countryCode!: string | null;

  @Field(() => Coordinates, { nullable: true, description: "Coordinates, where public." })
  coordinates!: Coordinates | null;

  @Field(() => String, { nullable: true, description: "What the source says of the place, or how it was identified." })
  note!: string | null;
}

@ObjectType({
  implements: [Node, Versioned],
  description: "Something that happened or is scheduled: a summit, a briefing, a phone call.",
})
export class Event extends Versioned {
  @Field({ description: 'Stable human-readable key ("anchorage-summit-2025").' })
  slug!: string;

  @Field({ description: "Short title." })
  title!: string;

  @Field(() => EventKind, { description: "What sort of occasion this is." })
  kind!: EventKind;

  @Field(() => String, { nullable: true, description: "A sentence or two of what the sources say about the event." })
  description!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "When it starts, as a UTC instant; read with `timePrecision` (a DAY-precision value is the start of that day in `timeZone`). Null when unknown.",
  })
  startsAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'IANA time zone the event happened in ("America/Anchorage"); use it to show local time. Null when the sources do not say where; a DAY, MONTH or YEAR `startsAt` is then reckoned in UTC.',
  })
  timeZone!: string | null;

  @Field(() => TimePrecision, { description: "How much of `startsAt` is known." })
  timePrecision!: TimePrecision;

  @Field(() => FactBasis, { description: "How `startsAt` is known: from the source, derived, or public background." })
  timeBasis!: FactBasis;

  @Field(() => String, {
    nullable: true,
    description: "How the time was established, in words (which parts come from the source, which from background).",
  })
  timeNote!: string | null;

  @Field(() => EventStatus, { description: "Whether it took place or is only scheduled." })
  status!: EventStatus;

  @Field(() => FactBasis, {
    description:
      "How `status` is known: reported by the source, derived, or public background (an article written before the event ends cannot say it was held).",
  })
  statusBasis!: FactBasis;
}

@ObjectType({ description: "An actor taking part in an event, and in what role." })
export class Participant {
  @Field(() => ParticipantRole, { description: "The part the actor plays." })
  role!: ParticipantRole;

  @Field(() => String, { nullable: true, description: "Detail on the participation, where the source gives it." })
  note!: string | null;
}

export const EventConnection = ConnectionType(Event, "Event", "event");
