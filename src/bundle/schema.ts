/**
 * The context bundle: one source and the context it carries, as JSON. This schema is the single
 * source of truth for the format: the types below are inferred from it, ingest parses with it, and
 * `schemas/context-bundle.schema.json` is generated from it (`npm run bundles`).
 *
 * What a bundle owns and what it shares:
 * - Owned by the bundle's source: its roles, statements, positions and participation claims. They
 *   are keyed within the source, and the bundle is their whole truth: importing it again updates
 *   them, and ones it no longer lists are deleted.
 * - Shared: places, actors, topics and events, matched by slug. A bundle may define them (a new
 *   one is created; an existing one keeps its stored fields and gains the ones it lacked) or only
 *   refer to them by slug, when they exist already.
 */
import { z } from "zod";
import {
  ActorKind,
  EventKind,
  EventStatus,
  FactBasis,
  ParticipantRole,
  Stance,
  StatementKind,
  TimePrecision,
} from "../generated/prisma/enums";

export const BUNDLE_FORMAT = "news-context-bundle";
export const BUNDLE_VERSION = 1;

/** How much one bundle may hold; a bundle is written in one transaction. */
export const BUNDLE_LIMITS = {
  textLength: 2_000_000,
  statements: 50_000,
  positions: 20_000,
  actors: 20_000,
  events: 20_000,
  topics: 5_000,
  places: 5_000,
  roles: 20_000,
  participants: 1_000,
  links: 100,
} as const;

const slug = z
  .string()
  .max(200)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single hyphens (a slug)")
  .meta({ description: "A slug: lowercase letters, digits and single hyphens." });

/** A key within the bundle's source, like a slug. */
const key = slug.meta({
  description: "A key, unique within the bundle's source: lowercase letters, digits and hyphens.",
});

/** A string with something in it, at most `max` characters, no surrounding whitespace. */
const words = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max)
    .refine((value) => value.trim() === value, "must not start or end with whitespace");

const optional = <T extends z.ZodType>(type: T) => type.nullish();

const date = z.iso.date().meta({ description: "A calendar date, YYYY-MM-DD." });
const instant = z.iso
  .datetime({ offset: true })
  .meta({ description: "An ISO 8601 instant with its UTC offset, e.g. 2025-08-15T11:00:00-08:00." });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, "must be an IANA time zone name, e.g. America/Anchorage")
  .meta({ description: "An IANA time zone name, e.g. America/Anchorage." });

const basis = z
  .enum(FactBasis)
  .meta({ description: "How a fact that is not a span of the source is known: SOURCE, DERIVED or BACKGROUND." });

export const spanSchema = z
  .strictObject({
    exact: z.string().min(1, "must not be empty").max(BUNDLE_LIMITS.textLength),
    start: optional(z.int().min(0)).meta({ description: "Code-point offset of the span's start in the source text." }),
    end: optional(z.int().min(1)).meta({ description: "Code-point offset just past the span's end." }),
    prefix: optional(z.string().max(1_000)).meta({
      description: "Text just before the span, to pick one of several matches (or to check one).",
    }),
    suffix: optional(z.string().max(1_000)).meta({ description: "Text just after the span, likewise." }),
  })
  .refine(
    (span) => (span.start === undefined || span.start === null) === (span.end === undefined || span.end === null),
    {
      message: "give start and end together, or neither",
    },
  )
  .meta({
    description:
      "Where in the source text something is said: its exact words, and optionally its code-point offsets [start, end) and the text around it. Given only `exact`, the words must occur once (or once with the given prefix and suffix).",
  });

export const sourceSchema = z
  .strictObject({
    slug,
    title: words(500),
    text: z
      .string()
      .min(1)
      .max(BUNDLE_LIMITS.textLength)
      .meta({ description: "The source's full text, as published." }),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag, e.g. en or en-GB")
      .meta({ description: "A BCP 47 language tag." }),
    dateline: optional(words(200)),
    publisher: optional(words(200)),
    url: optional(z.url().max(2_000)),
    publishedOn: optional(date),
    publishedOnBasis: optional(basis),
    note: optional(words(5_000)),
  })
  .refine((s) => (s.publishedOn == null) === (s.publishedOnBasis == null), {
    message: "give publishedOn and publishedOnBasis together, or neither",
    path: ["publishedOnBasis"],
  });

export const placeSchema = z
  .strictObject({
    slug,
    name: words(200),
    locality: optional(words(200)),
    region: optional(words(200)),
    country: optional(words(200)),
    countryCode: optional(z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code, e.g. US")),
    latitude: optional(z.number().min(-90).max(90)),
    longitude: optional(z.number().min(-180).max(180)),
    coordinatesBasis: optional(basis),
    note: optional(words(5_000)),
  })
  .refine((p) => new Set([p.latitude == null, p.longitude == null, p.coordinatesBasis == null]).size === 1, {
    message: "give latitude, longitude and coordinatesBasis together, or none of them",
    path: ["latitude"],
  });

/** How many other names an actor may have, and how long each may be. */
export const ACTOR_NAMES_LIMITS = { count: 20, length: 200 } as const;

/** Names are told apart as lookups compare them: case aside. */
const nameKey = (name: string) => name.toLowerCase();

export const actorSchema = z
  .strictObject({
    slug,
    kind: z.enum(ActorKind),
    name: words(200),
    names: optional(z.array(words(ACTOR_NAMES_LIMITS.length)).max(ACTOR_NAMES_LIMITS.count)).meta({
      description:
        'Other names the actor goes by (aliases, short forms, transliterations: "Putin" for "Vladimir Putin"), each once, none the same as `name` case aside. Matched, like `name`, when drafts are matched to stored actors.',
    }),
    description: optional(words(5_000)),
    person: optional(z.strictObject({ givenName: optional(words(200)), familyName: optional(words(200)) })).meta({
      description: "For an actor of kind PERSON, and only for one.",
    }),
  })
  .refine((a) => (a.kind === "PERSON") === (a.person != null), {
    message: "an actor of kind PERSON, and only one, has `person`",
    path: ["person"],
  })
  .superRefine((a, context) => {
    const seen = new Map([[nameKey(a.name), "`name`"]]);
    (a.names ?? []).forEach((name, index) => {
      const earlier = seen.get(nameKey(name));
      if (earlier !== undefined) {
        context.addIssue({
          code: "custom",
          message: `repeats ${earlier} (names are compared case aside)`,
          path: ["names", index],
        });
      } else seen.set(nameKey(name), `names[${index}]`);
    });
  });

export const topicSchema = z.strictObject({ slug, name: words(200), description: optional(words(5_000)) });

export const participantSchema = z.strictObject({
  actor: slug.meta({ description: "The participating actor's slug." }),
  role: z.enum(ParticipantRole),
  note: optional(words(2_000)),
});

export const eventSchema = z.strictObject({
  slug,
  title: words(500),
  kind: z.enum(EventKind),
  status: z.enum(EventStatus),
  statusBasis: optional(basis).meta({ description: "How `status` is known; SOURCE when left out." }),
  description: optional(words(5_000)),
  startsAt: optional(instant),
  timeZone: optional(timeZone),
  timePrecision: z.enum(TimePrecision),
  timeBasis: basis,
  timeNote: optional(words(2_000)),
  place: optional(slug).meta({ description: "The place's slug." }),
  parent: optional(slug).meta({ description: "The slug of the event this one is part of." }),
  participants: z
    .array(participantSchema)
    .max(BUNDLE_LIMITS.participants)
    .default([])
    .meta({ description: "Who took part, as this source reports it; merged with what other sources report." }),
});

export const roleSchema = z.strictObject({
  person: slug.meta({ description: "The slug of the actor (a PERSON) holding the role." }),
  title: words(300),
  organization: optional(slug).meta({ description: "The slug of the organization or country the role is in." }),
  startDate: optional(date),
  endDate: optional(date),
  spanBasis: optional(basis).meta({ description: "How the dates are known." }),
  note: optional(words(5_000)),
  span: spanSchema.meta({
    description: "Where the source names the role: a role a bundle brings is one its source states.",
  }),
});

const slugList = (description: string) => z.array(slug).max(BUNDLE_LIMITS.links).default([]).meta({ description });

export const statementSchema = z
  .strictObject({
    key,
    kind: z.enum(StatementKind),
    speaker: slug.meta({ description: "The speaking actor's slug." }),
    verb: optional(words(100)).meta({ description: "The reporting verb, as the source has it (said, warned)." }),
    text: optional(words(20_000)).meta({
      description:
        "What was said: for a DIRECT_QUOTE its exact words (the default), for a PARAPHRASE the claim in neutral words (required).",
    }),
    span: spanSchema,
    occasion: optional(slug).meta({ description: "The slug of the event at which it was said." }),
    saidAt: optional(instant),
    timeZone: optional(timeZone),
    timePrecision: optional(z.enum(TimePrecision)),
    timeBasis: optional(basis),
    timeText: optional(words(200)).meta({
      description: 'The source\'s own words for when it was said ("on Wednesday").',
    }),
    about: slugList("Slugs of events the statement is about."),
    topics: slugList("Slugs of the statement's topics."),
    // What an extracted draft carries besides (npm run extract): kept so a reviewed draft imports
    // as it is; ingest stores none of them.
    start: optional(z.int().min(0)).meta({ description: "A draft's copy of `span.start`; must equal it." }),
    end: optional(z.int().min(1)).meta({ description: "A draft's copy of `span.end`; must equal it." }),
    exact: optional(z.string().max(BUNDLE_LIMITS.textLength)).meta({
      description: "A draft's copy of `span.exact`; must equal it.",
    }),
    group: optional(z.string().max(100)).meta({
      description: "A draft's mark on the parts of one quote split by its attribution; not stored.",
    }),
    confidence: optional(z.number().min(0).max(1)).meta({
      description: "A draft's confidence in the speaker, 0 to 1; not stored.",
    }),
    speakerMention: optional(z.string().max(500)).meta({
      description: "The words a draft's attribution rests on; not stored.",
    }),
  })
  .superRefine((s, context) => {
    for (const field of ["start", "end", "exact"] as const) {
      if (s[field] != null && s[field] !== s.span[field]) {
        context.addIssue({ code: "custom", message: `a draft's ${field} must equal span.${field}`, path: [field] });
      }
    }
    if (s.kind === "PARAPHRASE" && s.text == null) {
      context.addIssue({
        code: "custom",
        message: "a PARAPHRASE needs `text`, its claim in neutral words",
        path: ["text"],
      });
    }
    if (s.kind === "DIRECT_QUOTE" && s.text != null && s.text !== s.span.exact) {
      context.addIssue({ code: "custom", message: "a DIRECT_QUOTE's text must be its exact words", path: ["text"] });
    }
    const timed = [s.saidAt, s.timePrecision, s.timeBasis].filter((value) => value != null).length;
    if (timed !== 0 && timed !== 3) {
      context.addIssue({
        code: "custom",
        message: "give saidAt, timePrecision and timeBasis together, or none of them",
        path: ["saidAt"],
      });
    }
    if (s.saidAt == null && s.timeZone != null) {
      context.addIssue({ code: "custom", message: "timeZone needs saidAt", path: ["timeZone"] });
    }
  });

export const positionSchema = z
  .strictObject({
    key,
    holder: slug.meta({ description: "The slug of the actor holding the position." }),
    topic: slug.meta({ description: "The topic's slug." }),
    stance: z.enum(Stance),
    summary: words(5_000),
    conditions: z.array(words(2_000)).max(BUNDLE_LIMITS.links).default([]),
    asOf: optional(date).meta({ description: "When the position held; the source's publishedOn when left out." }),
    asOfBasis: optional(basis),
    evidence: z
      .array(z.string().min(1).max(401))
      .min(1, "a position needs at least one statement as evidence")
      .max(BUNDLE_LIMITS.links)
      .meta({
        description:
          'The statements that evidence it: keys of this bundle\'s statements, or "source-slug/key" for a statement another source owns.',
      }),
  })
  .refine((p) => (p.asOf == null) === (p.asOfBasis == null), {
    message: "give asOf and asOfBasis together, or neither",
    path: ["asOfBasis"],
  });

/** A draft's note for its reviewer; a bundle with any left is refused by ingest. */
export const reviewFlagSchema = z.strictObject({
  path: z.string().max(500),
  flag: z
    .string()
    .regex(/^[A-Z_]+$/)
    .max(50),
  message: z.string().max(2_000),
});

export const bundleSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Where the JSON Schema of this format is, for editors." }),
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    source: sourceSchema,
    places: z.array(placeSchema).max(BUNDLE_LIMITS.places).default([]),
    actors: z.array(actorSchema).max(BUNDLE_LIMITS.actors).default([]),
    topics: z.array(topicSchema).max(BUNDLE_LIMITS.topics).default([]),
    events: z.array(eventSchema).max(BUNDLE_LIMITS.events).default([]),
    roles: z.array(roleSchema).max(BUNDLE_LIMITS.roles).default([]),
    statements: z.array(statementSchema).max(BUNDLE_LIMITS.statements).default([]),
    positions: z.array(positionSchema).max(BUNDLE_LIMITS.positions).default([]),
    review: z.array(reviewFlagSchema).max(BUNDLE_LIMITS.statements).optional().meta({
      description: "A draft's review flags (from `npm run extract`); ingest refuses a bundle while any are left.",
    }),
  })
  .meta({
    title: "News-context bundle",
    description:
      "One source and the context it carries: the source's text and metadata; the places, actors, topics and events it involves (shared, matched by slug); and the roles, statements with their spans, and positions with their evidence that it owns.",
  });

export type Bundle = z.output<typeof bundleSchema>;
export type BundleInput = z.input<typeof bundleSchema>;
export type BundleSpan = z.output<typeof spanSchema>;
export type BundleStatement = z.output<typeof statementSchema>;

/** The JSON Schema of the format (draft 2020-12), as committed in schemas/context-bundle.schema.json. */
export function bundleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(bundleSchema, { target: "draft-2020-12", io: "input" });
}
