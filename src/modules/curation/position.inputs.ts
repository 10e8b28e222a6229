import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../common/scalars";
import { FactBasis } from "../../common/time.enums";
import { Stance } from "../position/position.enums";

@InputType({
  description:
    "A curator's position, as a context bundle has one (`positions`): the holder and topic by slug, the evidence as statement IDs. A curated position has no source, so it needs `asOf` and `asOfBasis`.",
})
export class PositionInput {
  @Field({ description: "Unique among curated positions: lowercase letters, digits and hyphens." })
  key!: string;

  @Field({ description: "The slug of the actor holding the position." })
  holder!: string;

  @Field({ description: "The topic's slug." })
  topic!: string;

  @Field(() => Stance, { description: "Where the holder stands." })
  stance!: Stance;

  @Field({ description: "The position in one line." })
  summary!: string;

  @Field(() => [String], {
    nullable: true,
    description: "Conditions the holder attaches, as stated; none when left out.",
  })
  conditions?: string[] | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "The date the position is known to hold on." })
  asOf?: string | null;

  @Field(() => FactBasis, { nullable: true, description: "How `asOf` is known." })
  asOfBasis?: FactBasis | null;

  @Field(() => [ID], { description: "The IDs of the statements that evidence it: at least one, each stored." })
  evidence!: string[];
}

@InputType({
  description:
    "Changes to a position: fields given replace the stored ones; those left out are kept. The key and the source stay.",
})
export class PositionChanges {
  @Field(() => String, { nullable: true, description: "The slug of the actor holding it." })
  holder?: string | null;

  @Field(() => String, { nullable: true, description: "The topic's slug." })
  topic?: string | null;

  @Field(() => Stance, { nullable: true, description: "Where the holder stands." })
  stance?: Stance | null;

  @Field(() => String, { nullable: true, description: "The position in one line." })
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: "Conditions, replacing the list." })
  conditions?: string[] | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "The date the position is known to hold on." })
  asOf?: string | null;

  @Field(() => FactBasis, { nullable: true, description: "How `asOf` is known." })
  asOfBasis?: FactBasis | null;

  @Field(() => [ID], { nullable: true, description: "Statement IDs, replacing the evidence (at least one)." })
  evidence?: string[] | null;
}
