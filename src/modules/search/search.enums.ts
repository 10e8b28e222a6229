import { registerEnumType } from "type-graphql";

export const SearchResultType = {
  STATEMENT: "STATEMENT",
  EVENT: "EVENT",
  ACTOR: "ACTOR",
  TOPIC: "TOPIC",
  POSITION: "POSITION",
} as const;
export type SearchResultType = (typeof SearchResultType)[keyof typeof SearchResultType];

registerEnumType(SearchResultType, {
  name: "SearchResultType",
  description: "What kinds of object a search looks through.",
  valuesConfig: {
    STATEMENT: { description: "Statements: their text and the source's exact words." },
    EVENT: { description: "Events: title and description." },
    ACTOR: { description: "Persons and collective actors: name and description." },
    TOPIC: { description: "Topics: name and description." },
    POSITION: { description: "Positions: their one-line summary." },
  },
});
