import { Field, Float, InputType } from "type-graphql";
import { FactBasis } from "../../common/time.enums";

@InputType({ description: "A place's fields, as a context bundle has them (`places`)." })
export class PlaceInput {
  @Field({ description: "Lowercase letters, digits and single hyphens; how bundles refer to the place." })
  slug!: string;

  @Field({ description: 'Name of the venue or place ("Joint Base Elmendorf-Richardson").' })
  name!: string;

  @Field(() => String, { nullable: true, description: "City or town." })
  locality?: string | null;

  @Field(() => String, { nullable: true, description: "State, province or region." })
  region?: string | null;

  @Field(() => String, { nullable: true, description: "Country name in English." })
  country?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code, e.g. US." })
  countryCode?: string | null;

  @Field(() => Float, { nullable: true, description: "Latitude in decimal degrees; with longitude and basis." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude in decimal degrees; with latitude and basis." })
  longitude?: number | null;

  @Field(() => FactBasis, { nullable: true, description: "How the coordinates are known." })
  coordinatesBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "What the source says of the place, or how it was identified." })
  note?: string | null;
}

@InputType({
  description:
    "Changes to a place: fields given replace the stored ones (null clears an optional one); those left out are kept. The slug stays.",
})
export class PlaceChanges {
  @Field(() => String, { nullable: true, description: "The new name." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "City or town." })
  locality?: string | null;

  @Field(() => String, { nullable: true, description: "State, province or region." })
  region?: string | null;

  @Field(() => String, { nullable: true, description: "Country name in English." })
  country?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code." })
  countryCode?: string | null;

  @Field(() => Float, { nullable: true, description: "Latitude; latitude, longitude and basis change together." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude; likewise." })
  longitude?: number | null;

  @Field(() => FactBasis, { nullable: true, description: "How the coordinates are known." })
  coordinatesBasis?: FactBasis | null;

  @Field(() => String, { nullable: true, description: "A note on the place." })
  note?: string | null;
}
