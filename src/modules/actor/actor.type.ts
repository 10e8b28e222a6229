import { Field, InterfaceType, ObjectType } from "type-graphql";
import { typeNameOf } from "../../common/type-name";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { Versioned } from "../revision/revision.type";
import { LocalDateScalar } from "../../common/scalars";
import { FactBasis } from "../../common/time.enums";
import { ActorKind } from "./actor.enums";

@InterfaceType({
  implements: [Node, Versioned],
  description:
    'Anyone who can speak or hold a position: a person, or a collective actor such as a government or "European leaders".',
  resolveType: typeNameOf,
})
export abstract class Actor extends Versioned {
  @Field({ description: 'Stable human-readable key ("donald-trump", "european-leaders").' })
  slug!: string;

  @Field({ description: "Name as commonly written in English." })
  name!: string;

  @Field(() => [String], {
    description:
      'Other names the actor goes by: aliases, short forms, transliterations ("Putin", "Vladimir Vladimirovich Putin" for "Vladimir Putin"). Empty when none are known.',
  })
  names!: string[];

  @Field(() => ActorKind, { description: "What sort of actor this is." })
  kind!: ActorKind;

  @Field(() => String, { nullable: true, description: "Who this is, in a sentence." })
  description!: string | null;
}

@ObjectType({ implements: [Node, Versioned, Actor], description: "A single person." })
export class Person extends Actor {}

@ObjectType({
  implements: [Node, Versioned, Actor],
  description:
    "An actor that is not a single person: a country, a government, an organization, or a group the source treats as one voice.",
})
export class CollectiveActor extends Actor {}

@ObjectType({
  implements: [Node, Versioned],
  description: "An office or role a person holds, with the organization and time span.",
})
export class Role extends Versioned {
  @Field({ description: 'The office ("President of the United States").' })
  title!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day in the role, where known." })
  startDate!: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "Last day in the role; null while it is held or when unknown.",
  })
  endDate!: string | null;

  @Field(() => FactBasis, { nullable: true, description: "How the dates are known; null when no dates are given." })
  spanBasis!: FactBasis | null;

  @Field(() => String, { nullable: true, description: "How the role and its dates were established." })
  note!: string | null;
}

export const ActorConnection = ConnectionType(Actor, "Actor", "actor");
export const PersonConnection = ConnectionType(Person, "Person", "person", "people");
