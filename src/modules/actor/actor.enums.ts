import { registerEnumType } from "type-graphql";

export const ActorKind = {
  PERSON: "PERSON",
  COUNTRY: "COUNTRY",
  GOVERNMENT: "GOVERNMENT",
  ORGANIZATION: "ORGANIZATION",
  GROUP: "GROUP",
} as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

registerEnumType(ActorKind, {
  name: "ActorKind",
  description: "What sort of actor speaks or holds a position.",
  valuesConfig: {
    PERSON: { description: "A single person (type `Person`)." },
    COUNTRY: { description: 'A country or state as a party ("Ukraine").' },
    GOVERNMENT: { description: "A government or administration." },
    ORGANIZATION: { description: 'An institution or office ("the White House").' },
    GROUP: { description: 'Several people or states the source treats as one voice ("European leaders").' },
  },
});
