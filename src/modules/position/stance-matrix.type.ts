import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "One actor's stance on one topic; `known` is false when no position is recorded." })
export class StanceCell {
  @Field({ description: "Whether a position of this actor on this topic is recorded." })
  known!: boolean;
}

@ObjectType({ description: "An actor's row of a stance matrix: one cell per topic, in the matrix's topic order." })
export class StanceMatrixRow {}

@ObjectType({
  description:
    "Who stands where on a set of topics: a row per actor, a cell per topic, every cell present (unknown ones say so).",
})
export class StanceMatrix {}
