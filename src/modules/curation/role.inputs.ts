import { Field, InputType } from "type-graphql";
import { LocalDateScalar } from "../../common/scalars";
import { FactBasis } from "../../common/time.enums";
import { SpanInput } from "./statement.inputs";

@InputType({
  description:
    "A role's fields, as a context bundle has them (`roles`); the person and organization are named by slug. The span is only for a role given with a source.",
})
export class RoleInput {
  @Field({ description: "The slug of the actor (a PERSON) holding the role." })
  person!: string;

  @Field({ description: 'The office ("President of the United States").' })
  title!: string;

  @Field(() => String, { nullable: true, description: "The slug of the organization or country the role is in." })
  organization?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day in the role." })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day in the role." })
  endDate?: string | null;

  @Field(() => FactBasis, { nullable: true, description: "How the dates are known." })
  spanBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "How the role and its dates were established." })
  note?: string | null;

  @Field(() => SpanInput, {
    nullable: true,
    description: "Where the source names the role; required with `source`, refused without.",
  })
  span?: SpanInput | null;
}

@InputType({
  description:
    "Changes to a role: fields given replace the stored ones (null clears an optional one); those left out are kept. The person and the source stay.",
})
export class RoleChanges {
  @Field(() => String, { nullable: true, description: "The new title." })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "The slug of the organization or country; null for none." })
  organization?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day in the role." })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day in the role." })
  endDate?: string | null;

  @Field(() => FactBasis, { nullable: true, description: "How the dates are known." })
  spanBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "How the role and its dates were established." })
  note?: string | null;

  @Field(() => SpanInput, {
    nullable: true,
    description: "A new span in the role's source's text; only for a role that has a source.",
  })
  span?: SpanInput | null;
}
