import { registerEnumType } from "type-graphql";

export const TimePrecision = {
  MINUTE: "MINUTE",
  HOUR: "HOUR",
  DAY: "DAY",
  MONTH: "MONTH",
  YEAR: "YEAR",
} as const;
export type TimePrecision = (typeof TimePrecision)[keyof typeof TimePrecision];

registerEnumType(TimePrecision, {
  name: "TimePrecision",
  description:
    "How much of a timestamp is known. A value is stored as the first instant of its period in its time zone: `DAY` precision on 13 August in Europe/Brussels is 2025-08-12T22:00:00Z.",
  valuesConfig: {
    MINUTE: { description: 'Known to the minute ("11 a.m.").' },
    HOUR: { description: "Known to the hour." },
    DAY: { description: 'Known to the day ("on Wednesday").' },
    MONTH: { description: "Known to the month." },
    YEAR: { description: "Known to the year." },
  },
});

export const FactBasis = {
  SOURCE: "SOURCE",
  DERIVED: "DERIVED",
  BACKGROUND: "BACKGROUND",
} as const;
export type FactBasis = (typeof FactBasis)[keyof typeof FactBasis];

registerEnumType(FactBasis, {
  name: "FactBasis",
  description:
    "How a fact that is not itself a quoted span of a source is known. The accompanying note or description says how.",
  valuesConfig: {
    SOURCE: { description: "Stated by the source text." },
    DERIVED: {
      description:
        'Worked out from the source text together with public background (e.g. "Wednesday" + the known date of the article).',
    },
    BACKGROUND: { description: "Public background knowledge, not in the source text." },
  },
});
