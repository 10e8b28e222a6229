import { Field, InputType } from "type-graphql";
import { ACTOR_NAMES_LIMITS } from "../../bundle/schema";
import { ActorKind } from "../actor/actor.enums";

@InputType({ description: "A person's names, for an actor of kind PERSON." })
export class PersonNamesInput {
  @Field(() => String, { nullable: true, description: "Given name(s)." })
  givenName?: string | null;

  @Field(() => String, { nullable: true, description: "Family name." })
  familyName?: string | null;
}

@InputType({ description: "An actor's fields, as a context bundle has them (`actors`)." })
export class ActorInput {
  @Field({ description: "Lowercase letters, digits and single hyphens; how bundles refer to the actor." })
  slug!: string;

  @Field(() => ActorKind, { description: "What sort of actor this is." })
  kind!: ActorKind;

  @Field({ description: "Name as commonly written in English." })
  name!: string;

  @Field(() => [String], {
    nullable: true,
    description: `Other names the actor goes by (aliases, short forms, transliterations): at most ${ACTOR_NAMES_LIMITS.count}, each at most ${ACTOR_NAMES_LIMITS.length} characters, none repeated or the same as \`name\`, case aside. None when left out.`,
  })
  names?: string[] | null;

  @Field(() => String, { nullable: true, description: "Who this is, in a sentence." })
  description?: string | null;

  @Field(() => PersonNamesInput, {
    nullable: true,
    description: "Required for kind PERSON (it may be empty), and refused for any other kind.",
  })
  person?: PersonNamesInput | null;
}

@InputType({
  description:
    "Changes to an actor: fields given replace the stored ones (null clears the description and the names); those left out are kept. The slug stays. A change of kind to PERSON needs `person`; one away from PERSON drops the person's names, and is refused while the person holds roles.",
})
export class ActorChanges {
  @Field(() => ActorKind, { nullable: true, description: "The new kind." })
  kind?: ActorKind | null;

  @Field(() => String, { nullable: true, description: "The new name." })
  name?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "The other names, replacing the stored list whole ([] or null clears it); left out, they are kept.",
  })
  names?: string[] | null;

  @Field(() => String, { nullable: true, description: "Who this is, in a sentence." })
  description?: string | null;

  @Field(() => PersonNamesInput, {
    nullable: true,
    description: "The person's names, replacing the stored ones (fields left out are kept); only for kind PERSON.",
  })
  person?: PersonNamesInput | null;
}
