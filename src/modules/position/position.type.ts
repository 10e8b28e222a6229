import { Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { Versioned } from "../revision/revision.type";
import { LocalDateScalar } from "../../common/scalars";
import { FactBasis } from "../../common/time.enums";
import { Stance } from "./position.enums";

@ObjectType({
  implements: [Node, Versioned],
  description: "An actor's stance on a topic as of a date, always backed by the statements that evidence it.",
})
export class Position extends Versioned {
  @Field(() => Stance, { description: "Where the holder stands." })
  stance!: Stance;

  @Field({ description: "The position in one line." })
  summary!: string;

  @Field(() => [String], { description: "Conditions the holder attaches, as stated; empty when none are stated." })
  conditions!: string[];

  @Field(() => LocalDateScalar, { description: "The date the position is known to hold on." })
  asOf!: string;

  @Field(() => FactBasis, { description: "How `asOf` is known." })
  asOfBasis!: FactBasis;
}

export const PositionConnection = ConnectionType(Position, "Position", "position");
