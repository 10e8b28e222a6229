import { Field, Int, ObjectType, registerEnumType } from "type-graphql";

export const StatementGrouping = { TOPIC: "TOPIC", SPEAKER: "SPEAKER", OCCASION: "OCCASION", KIND: "KIND" } as const;
export type StatementGrouping = (typeof StatementGrouping)[keyof typeof StatementGrouping];

registerEnumType(StatementGrouping, {
  name: "StatementGrouping",
  description: "What to count statements by.",
  valuesConfig: {
    TOPIC: {
      description:
        "Per topic; a statement touching two topics counts once for each; `topic` null counts those with none.",
    },
    SPEAKER: { description: "Per speaker." },
    OCCASION: { description: "Per occasion; `occasion` null counts those whose source gives none." },
    KIND: { description: "Per kind (direct quote or paraphrase)." },
  },
});

@ObjectType({ description: "How many statements fall in one group; only the field of the grouping asked for is set." })
export class StatementCount {
  @Field(() => Int, { description: "Number of statements in the group." })
  count!: number;
}
