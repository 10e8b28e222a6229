import { registerEnumType } from "type-graphql";

export const RevisionAction = {
  CREATE: "CREATE",
  UPDATE: "UPDATE",
  DELETE: "DELETE",
} as const;
export type RevisionAction = (typeof RevisionAction)[keyof typeof RevisionAction];

registerEnumType(RevisionAction, {
  name: "RevisionAction",
  description: "What a revision did to one object.",
  valuesConfig: {
    CREATE: { description: "Created it: every field has a value after and none before." },
    UPDATE: { description: "Changed some of its fields: only those are listed, before and after." },
    DELETE: { description: "Deleted it: every field has its last value before and none after." },
  },
});
