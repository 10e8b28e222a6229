import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { precisionMismatch } from "../bundle/time";
import type {
  ActorKind,
  EventKind,
  EventStatus,
  FactBasis,
  ParticipantRole,
  Stance,
  StatementKind,
  TimePrecision,
} from "../generated/prisma/enums";
import {
  ActorKind as ActorKinds,
  EventKind as EventKinds,
  EventStatus as EventStatuses,
  FactBasis as FactBases,
  ParticipantRole as ParticipantRoles,
  Stance as Stances,
  StatementKind as StatementKinds,
  TimePrecision as TimePrecisions,
} from "../generated/prisma/enums";

/** A hand-written context file (seed/*.context.yaml), checked and typed. */
export interface ContextFile {
  source: {
    slug: string;
    text: string;
    title: string;
    dateline: string | null;
    language: string;
    publishedOn: Date | null;
    publishedOnBasis: FactBasis | null;
    note: string | null;
    publisher: string | null;
    url: string | null;
  };
  places: {
    slug: string;
    name: string;
    locality: string | null;
    region: string | null;
    country: string | null;
    countryCode: string | null;
    latitude: number | null;
    longitude: number | null;
    coordinatesBasis: FactBasis | null;
    note: string | null;
  }[];
  actors: {
    slug: string;
    kind: ActorKind;
    name: string;
    description: string | null;
    person: { givenName: string | null; familyName: string | null } | null;
    roles: {
      title: string;
      organization: string | null;
      startDate: Date | null;
      endDate: Date | null;
      spanBasis: FactBasis | null;
      note: string | null;
      exact: string | null;
      occurrence: number | undefined;
    }[];
  }[];
  topics: { slug: string; name: string; description: string | null }[];
  events: {
    slug: string;
    title: string;
    kind: EventKind;
    status: EventStatus;
    statusBasis: FactBasis;
    description: string | null;
    startsAt: Date | null;
    timeZone: string | null;
    timePrecision: TimePrecision;
    timeBasis: FactBasis;
    timeNote: string | null;
    place: string | null;
    parent: string | null;
    participants: { actor: string; role: ParticipantRole; note: string | null }[];
  }[];
  statements: {
    key: string;
    kind: StatementKind;
    speaker: string;
    verb: string | null;
    text: string;
    exact: string;
    occurrence: number | undefined;
    occasion: string | null;
    saidAt: Date | null;
    timeZone: string | null;
    timePrecision: TimePrecision | null;
    timeBasis: FactBasis | null;
    timeText: string | null;
    about: string[];
    topics: string[];
  }[];
  positions: {
    key: string;
    holder: string;
    topic: string;
    stance: Stance;
    summary: string;
    conditions: string[];
    asOf: Date;
    asOfBasis: FactBasis;
    evidence: string[];
  }[];
}

export class ContextFileError extends Error {
  override name = "ContextFileError";
}

type Raw = Record<string, unknown>;

/** Reads typed values out of one YAML mapping, naming the path in every error. */
class Fields {
  constructor(
    private readonly raw: Raw,
    private readonly at: string,
  ) {}

  static of(value: unknown, at: string): Fields {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new ContextFileError(`${at} must be a mapping`);
    return new Fields(value as Raw, at);
  }

  path(key: string): string {
    return `${this.at}.${key}`;
  }

  private fail(key: string, expected: string): never {
    throw new ContextFileError(`${this.at}.${key} must be ${expected} (got ${JSON.stringify(this.raw[key])})`);
  }

  optString(key: string): string | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string" || value.trim() === "") this.fail(key, "a non-empty string");
    return value.trim();
  }

  string(key: string): string {
    return this.optString(key) ?? this.fail(key, "a non-empty string");
  }

  optNumber(key: string): number | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(key, "a number");
    return value;
  }

  optOccurrence(key: string): number | undefined {
    const value = this.optNumber(key);
    if (value === null) return undefined;
    if (!Number.isInteger(value) || value < 1) this.fail(key, "a whole number from 1");
    return value;
  }

  optEnum<T extends string>(key: string, values: Record<string, T>): T | null {
    const value = this.optString(key);
    if (value === null) return null;
    const allowed = Object.values(values);
    if (!allowed.includes(value as T)) this.fail(key, `one of ${allowed.join(", ")}`);
    return value as T;
  }

  enum<T extends string>(key: string, values: Record<string, T>): T {
    return this.optEnum(key, values) ?? this.fail(key, `one of ${Object.values(values).join(", ")}`);
  }

  /** `YYYY-MM-DD` (stored as midnight UTC) or an ISO 8601 instant with its offset. */
  optDate(key: string, form: "date" | "instant"): Date | null {
    const value = this.optString(key);
    if (value === null) return null;
    const pattern =
      form === "date" ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
    const parsed = new Date(form === "date" ? `${value}T00:00:00Z` : value);
    if (!pattern.test(value) || Number.isNaN(parsed.getTime())) {
      this.fail(key, form === "date" ? "a date YYYY-MM-DD" : "an ISO 8601 instant with offset");
    }
    return parsed;
  }

  optTimeZone(key: string): string | null {
    const value = this.optString(key);
    if (value === null) return null;
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
    } catch {
      this.fail(key, "an IANA time zone name");
    }
    return value;
  }

  list(key: string): unknown[] {
    const value = this.raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(key, "a list");
    return value;
  }

  strings(key: string): string[] {
    return this.list(key).map((item, index) => {
      if (typeof item !== "string" || item.trim() === "")
        throw new ContextFileError(`${this.at}.${key}[${index}] must be a non-empty string`);
      return item.trim();
    });
  }

  records<T>(key: string, read: (fields: Fields) => T): T[] {
    return this.list(key).map((item, index) => read(Fields.of(item, `${this.at}.${key}[${index}]`)));
  }

  record<T>(key: string, read: (fields: Fields) => T): T {
    return read(Fields.of(this.raw[key], `${this.at}.${key}`));
  }

  optRecord<T>(key: string, read: (fields: Fields) => T): T | null {
    const value = this.raw[key];
    return value === undefined || value === null ? null : read(Fields.of(value, `${this.at}.${key}`));
  }
}

/** Checks a stored instant sits at the start of its period in its time zone, as documented. */
function checkPrecision(at: string, instant: Date | null, zone: string | null, precision: TimePrecision | null): void {
  if (instant === null || precision === null) return;
  const mismatch = precisionMismatch(instant, zone, precision);
  if (mismatch) throw new ContextFileError(`${at}: ${mismatch}`);
}

function requireTogether(at: string, values: Record<string, unknown>): void {
  const given = Object.entries(values).filter(([, value]) => value !== null);
  if (given.length > 0 && given.length < Object.keys(values).length) {
    throw new ContextFileError(`${at}: give all of ${Object.keys(values).join(", ")} or none`);
  }
}

/** A position's own date and basis, or else its source's publication date and basis. */
function positionDate(f: Fields, publishedOn: Date | null, publishedOnBasis: FactBasis | null) {
  const asOf = f.optDate("asOf", "date");
  if (asOf !== null) return { asOf, asOfBasis: f.enum("asOfBasis", FactBases) };
  if (publishedOn === null || publishedOnBasis === null) {
    throw new ContextFileError(f.path("asOf") + " is needed: the source has no publishedOn and publishedOnBasis");
  }
  return { asOf: publishedOn, asOfBasis: publishedOnBasis };
}

export function parseContextFile(yamlText: string, readSourceText: (file: string) => string): ContextFile {
  const root = Fields.of(parse(yamlText), "context");
  const source = root.record("source", (f) => f);
  const publishedOn = source.optDate("publishedOn", "date");
  const publishedOnBasis = source.optEnum("publishedOnBasis", FactBases);
  const file: ContextFile = {
    source: {
      slug: source.string("slug"),
      text: readSourceText(source.string("file")),
      title: source.string("title"),
      dateline: source.optString("dateline"),
      language: source.string("language"),
      publishedOn,
      publishedOnBasis,
      note: source.optString("note"),
      publisher: source.optString("publisher"),
      url: source.optString("url"),
    },
    places: root.records("places", (f) => ({
      slug: f.string("slug"),
      name: f.string("name"),
      locality: f.optString("locality"),
      region: f.optString("region"),
      country: f.optString("country"),
      countryCode: f.optString("countryCode"),
      latitude: f.optNumber("latitude"),
      longitude: f.optNumber("longitude"),
      coordinatesBasis: f.optEnum("coordinatesBasis", FactBases),
      note: f.optString("note"),
    })),
    actors: root.records("actors", (f) => ({
      slug: f.string("slug"),
      kind: f.enum("kind", ActorKinds),
      name: f.string("name"),
      description: f.optString("description"),
      person: f.optRecord("person", (p) => ({
        givenName: p.optString("givenName"),
        familyName: p.optString("familyName"),
      })),
      roles: f.records("roles", (r) => ({
        title: r.string("title"),
        organization: r.optString("organization"),
        startDate: r.optDate("startDate", "date"),
        endDate: r.optDate("endDate", "date"),
        spanBasis: r.optEnum("spanBasis", FactBases),
        note: r.optString("note"),
        exact: r.optString("exact"),
        occurrence: r.optOccurrence("occurrence"),
      })),
    })),
    topics: root.records("topics", (f) => ({
      slug: f.string("slug"),
      name: f.string("name"),
      description: f.optString("description"),
    })),
    events: root.records("events", (f) => ({
      slug: f.string("slug"),
      title: f.string("title"),
      kind: f.enum("kind", EventKinds),
      status: f.enum("status", EventStatuses),
      statusBasis: f.optEnum("statusBasis", FactBases) ?? "SOURCE",
      description: f.optString("description"),
      startsAt: f.optDate("startsAt", "instant"),
      timeZone: f.optTimeZone("timeZone"),
      timePrecision: f.enum("timePrecision", TimePrecisions),
      timeBasis: f.enum("timeBasis", FactBases),
      timeNote: f.optString("timeNote"),
      place: f.optString("place"),
      parent: f.optString("parent"),
      participants: f.records("participants", (p) => ({
        actor: p.string("actor"),
        role: p.enum("role", ParticipantRoles),
        note: p.optString("note"),
      })),
    })),
    statements: root.records("statements", (f) => {
      const kind = f.enum("kind", StatementKinds);
      const exact = f.string("exact");
      return {
        key: f.string("key"),
        kind,
        speaker: f.string("speaker"),
        verb: f.optString("verb"),
        // A direct quote's text is its exact words; a paraphrase states its claim in neutral words.
        text: kind === "DIRECT_QUOTE" ? (f.optString("text") ?? exact) : f.string("text"),
        exact,
        occurrence: f.optOccurrence("occurrence"),
        occasion: f.optString("occasion"),
        saidAt: f.optDate("saidAt", "instant"),
        timeZone: f.optTimeZone("timeZone"),
        timePrecision: f.optEnum("timePrecision", TimePrecisions),
        timeBasis: f.optEnum("timeBasis", FactBases),
        timeText: f.optString("timeText"),
        about: f.strings("about"),
        topics: f.strings("topics"),
      };
    }),
    positions: root.records("positions", (f) => ({
      key: f.string("key"),
      holder: f.string("holder"),
      topic: f.string("topic"),
      stance: f.enum("stance", Stances),
      summary: f.string("summary"),
      conditions: f.strings("conditions"),
      ...positionDate(f, publishedOn, publishedOnBasis),
      evidence: f.strings("evidence"),
    })),
  };
  checkConsistency(file);
  return file;
}

function checkUnique(at: string, keys: string[]): Set<string> {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new ContextFileError(`${at}: "${key}" appears twice`);
    seen.add(key);
  }
  return seen;
}

function checkRefs(at: string, refs: (string | null)[], known: Set<string>, what: string): void {
  for (const ref of refs) {
    if (ref !== null && !known.has(ref)) throw new ContextFileError(`${at}: no ${what} has slug or key "${ref}"`);
  }
}

/** Cross-references resolve, keys are unique, time fields agree, quotes are verbatim. */
function checkConsistency(file: ContextFile): void {
  const places = checkUnique(
    "places",
    file.places.map((p) => p.slug),
  );
  const actors = checkUnique(
    "actors",
    file.actors.map((a) => a.slug),
  );
  const topics = checkUnique(
    "topics",
    file.topics.map((t) => t.slug),
  );
  const events = checkUnique(
    "events",
    file.events.map((e) => e.slug),
  );
  const statements = checkUnique(
    "statements",
    file.statements.map((s) => s.key),
  );
  checkUnique(
    "positions",
    file.positions.map((p) => p.key),
  );
  file.places.forEach((p, i) =>
    requireTogether(`places[${i}]`, {
      latitude: p.latitude,
      longitude: p.longitude,
      coordinatesBasis: p.coordinatesBasis,
    }),
  );
  file.actors.forEach((a, i) => {
    if ((a.kind === "PERSON") !== (a.person !== null))
      throw new ContextFileError(`actors[${i}]: a PERSON, and only a PERSON, has \`person\``);
    if (a.kind !== "PERSON" && a.roles.length > 0) throw new ContextFileError(`actors[${i}]: only persons hold roles`);
    a.roles.forEach((r, j) => checkRefs(`actors[${i}].roles[${j}].organization`, [r.organization], actors, "actor"));
  });
  file.events.forEach((e, i) => {
    checkRefs(`events[${i}].place`, [e.place], places, "place");
    checkRefs(`events[${i}].parent`, [e.parent], events, "event");
    checkRefs(
      `events[${i}].participants`,
      e.participants.map((p) => p.actor),
      actors,
      "actor",
    );
    checkPrecision(`events[${i}].startsAt`, e.startsAt, e.timeZone, e.timePrecision);
  });
  file.statements.forEach((s, i) => {
    const at = `statements[${i}]`;
    checkRefs(`${at}.speaker`, [s.speaker], actors, "actor");
    checkRefs(`${at}.occasion`, [s.occasion], events, "event");
    checkRefs(`${at}.about`, s.about, events, "event");
    checkRefs(`${at}.topics`, s.topics, topics, "topic");
    if (s.saidAt !== null)
      requireTogether(at, { saidAt: s.saidAt, timePrecision: s.timePrecision, timeBasis: s.timeBasis });
    else if (s.timeZone !== null || s.timePrecision !== null || s.timeBasis !== null)
      throw new ContextFileError(`${at}: timeZone, timePrecision and timeBasis need saidAt`);
    checkPrecision(`${at}.saidAt`, s.saidAt, s.timeZone, s.timePrecision);
    if (s.kind === "DIRECT_QUOTE" && s.text !== s.exact)
      throw new ContextFileError(`${at}: a direct quote's text must be its exact words`);
  });
  file.positions.forEach((p, i) => {
    checkRefs(`positions[${i}].holder`, [p.holder], actors, "actor");
    checkRefs(`positions[${i}].topic`, [p.topic], topics, "topic");
    if (p.evidence.length === 0)
      throw new ContextFileError(`positions[${i}]: a position needs at least one statement as evidence`);
    checkRefs(`positions[${i}].evidence`, p.evidence, statements, "statement");
  });
}

/** Reads `seed/<name>.context.yaml` and the source text file it names, from the same folder. */
export function readContextFile(filePath: string): ContextFile {
  const dir = path.dirname(filePath);
  return parseContextFile(readFileSync(filePath, "utf8"), (file) => readFileSync(path.join(dir, file), "utf8"));
}
