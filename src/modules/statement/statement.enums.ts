import { registerEnumType } from "type-graphql";

export const StatementKind = {
  DIRECT_QUOTE: "DIRECT_QUOTE",
  PARAPHRASE: "PARAPHRASE",
} as const;
export type StatementKind = (typeof StatementKind)[keyof typeof StatementKind];

registerEnumType(StatementKind, {
  name: "StatementKind",
  description: "How the source carries a statement.",
  valuesConfig: {
    DIRECT_QUOTE: { description: "The speaker's own words, in quotation marks in the source." },
    PARAPHRASE: { description: "A claim the source attributes to the speaker in its own words." },
  },
});
