import { registerEnumType } from "type-graphql";

export const Stance = {
  SUPPORTS: "SUPPORTS",
  OPPOSES: "OPPOSES",
  CONDITIONAL: "CONDITIONAL",
  OPEN: "OPEN",
  DEFERS: "DEFERS",
} as const;
export type Stance = (typeof Stance)[keyof typeof Stance];

registerEnumType(Stance, {
  name: "Stance",
  description: "Where an actor stands on a topic.",
  valuesConfig: {
    SUPPORTS: { description: "In favour, or demands it." },
    OPPOSES: { description: "Against, or rules it out." },
    CONDITIONAL: { description: "In favour only under the stated `conditions`." },
    OPEN: { description: "Willing to consider or discuss it, without commitment." },
    DEFERS: { description: "Leaves the decision to another party." },
  },
});
