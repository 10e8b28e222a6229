/**
 * Writes a context bundle into the database, in one transaction: all of it or nothing.
 *
 * - Shared entities (places, actors, topics, events) are matched by slug: a new one is created, an
 *   existing one keeps its stored fields and gains those it lacked; where the bundle disagrees with
 *   a stored field the summary says so (a curator changes stored fields, a bundle does not).
 * - Owned rows (the source itself, its roles, statements, positions and participation claims) are
 *   the bundle's: created, updated to match, or deleted when the bundle no longer lists them.
 * - The same bundle again changes nothing; one import of a source runs at a time (an advisory lock
 *   on its slug), so concurrent imports of one bundle make one copy.
 * - Every change is recorded in one Revision, in the same transaction.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { lockName } from "../db/locks";
import { BadUserInputError, brokenRule, clip, ConflictError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { canonicalJson, parseForeignRef, prepareBundle, BundleError } from "../bundle/verify";
import type { BundleProblem, PreparedBundle } from "../bundle/verify";
import type { Bundle } from "../bundle/schema";
import type { ResolvedSpan } from "../bundle/span";
import { RevisionLog } from "./revisions";

type Tx = Prisma.TransactionClient;

export const ENTITY_KINDS = [
  "sources",
  "places",
  "actors",
  "topics",
  "events",
  "participants",
  "roles",
  "statements",
  "positions",
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export type EntityCounts = Record<EntityKind, number>;

export interface IngestSummary {
  source: string;
  /** The source text's revision after the import: 1 for its first text. */
  sourceRevision: number;
  /** False when the import wrote nothing: the bundle was imported already, as it is. */
  changed: boolean;
  /** True when this is the stored answer of an earlier request with the same idempotency key. */
  replayed: boolean;
  /** The Revision recording the changes, when there were any. */
  revision: number | null;
  created: EntityCounts;
  updated: EntityCounts;
  unchanged: EntityCounts;
  deleted: EntityCounts;
  /** Keys of statements whose span moved because the source text changed. */
  reanchored: string[];
  /** What the import kept as stored where the bundle differs (shared entities), and similar remarks. */
  notes: string[];
}

/** Who writes, and through what. */
export interface Author {
  apiKeyId: number | null;
  /** The key's name, or the command for a local write. */
  name: string;
  /** The mutation or command ("importContext", "npm run ingest"). */
  operation: string;
}

export interface IngestOptions {
  author: Author;
  /** Replays the first answer for the same key and request (scoped to the API key), for 24 hours. */
  idempotency?: { apiKeyId: number; key: string };
  /**
   * Called inside the transaction as the import goes: within a phase (statements, in chunks) and
   * after each one (places, actors, topics, events, source, roles, participants, statements,
   * positions, omitted, and "saved" once the revision, the bundle digest and the idempotency
   * answer are written, just before the commit). Throwing from it rolls the whole import back.
   */
  onProgress?: (phase: string, done: number, total: number) => void;
  /** How long the transaction may run (default 60 s). */
  timeoutMs?: number;
}

/** What the summary says when the bundle is the one last imported for its source. */
export const UNCHANGED_BUNDLE_NOTE =
  "This bundle is the one last imported for its source, so nothing was compared or written; changes curators made since stay.";

/** How long an idempotency key's first answer is kept. */
export const IDEMPOTENCY_TTL_HOURS = 24;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Rows written per INSERT, well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

const zero = (): EntityCounts => Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, 0])) as EntityCounts;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Stored and wanted values are the same (dates by instant, arrays and objects by content). */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return (a ?? null) === (b ?? null);
}

/** A stored field a bundle may fill: null, or an empty list. */
const isEmpty = (value: unknown) => value === null || (Array.isArray(value) && value.length === 0);

/** The fields of `wanted` that differ from `stored`. */
function differences<T extends Record<string, unknown>>(stored: Record<string, unknown>, wanted: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (!same(stored[field], value)) out[field as keyof T] = value as T[keyof T];
  }
  return out;
}

const day = (value: string | null | undefined) => (value == null ? null : new Date(`${value}T00:00:00Z`));
const instant = (value: string | null | undefined) => (value == null ? null : new Date(value));
const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

/** The CONFLICT of a row that another write changed after this import read it. */
function changedMeanwhile(entityType: string, name: string): ConflictError {
  return new ConflictError(
    `${entityType} ${name} was changed by another write while this import ran; nothing was written. Import the bundle again.`,
  );
}

/** The digest of a request for idempotency: the operation and its canonical arguments. */
export function requestDigest(operation: string, args: unknown): string {
  return createHash("sha256")
    .update(`${operation}\n${canonicalJson(args)}`, "utf8")
    .digest("hex");
}

/** The name of a source's advisory lock: one write to a source's own rows at a time. */
export function sourceLockKey(slug: string): string {
  return `context-source:${slug}`;
}

/**
 * Holds the source's advisory lock until the transaction ends. Imports of the source take it
 * before they read anything; a curator's write to the source's own rows (its statements,
 * positions, roles) takes it too, so the import never writes over a change it did not read.
 */
export async function lockSource(tx: Tx, slug: string): Promise<void> {
  await lockName(tx, sourceLockKey(slug));
}

/** Parses, checks and writes a bundle; throws BundleError (bad input) or ConflictError. */
export async function ingestBundle(db: Db, input: unknown, options: IngestOptions): Promise<IngestSummary> {
  if (options.idempotency) checkIdempotencyKey(options.idempotency.key);
  const prepared = await prepareBundle(input);
  try {
    return await db.$transaction(
      async (tx) => {
        const { idempotency } = options;
        if (idempotency) {
          const replay = await claimIdempotencyKey(tx, idempotency, requestDigest("importContext", input));
          if (replay) return replay;
        }
        const summary = await new Import(tx, prepared, options).run();
        if (idempotency) {
          await tx.idempotencyRecord.update({
            where: { apiKeyId_key: idempotency },
            data: { response: summary as unknown as Prisma.InputJsonValue },
          });
        }
        options.onProgress?.("saved", 1, 1);
        return summary;
      },
      { timeout: options.timeoutMs ?? 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    throw refusalOf(error);
  }
}

/**
 * A rule the database keeps refused the import (the checks above cannot see a concurrent write's
 * uncommitted rows, and do not mirror every CHECK): the client hears why, not an internal error.
 */
function refusalOf(error: unknown): unknown {
  if (error instanceof BundleError || error instanceof ConflictError) return error;
  const rule = brokenRule(error);
  if (rule?.kind === "unique")
    return new ConflictError(
      "Another write stored the same slug or key while this import ran; nothing was written. Import the bundle again.",
    );
  if (rule?.kind === "check")
    return new BundleError([
      { path: "bundle", message: `it breaks a rule the database keeps: ${clip(rule.message)}; nothing was written` },
    ]);
  return error;
}

/** A key the idempotency table can hold, refused before anything runs (its column is varchar(255)). */
function checkIdempotencyKey(key: string): void {
  if (key.length === 0) throw new BadUserInputError("An idempotency key must not be empty.", "idempotencyKey");
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new BadUserInputError(
      `An idempotency key has at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters; this one has ${key.length}.`,
      "idempotencyKey",
    );
}

/**
 * Takes an idempotency key for this request, or returns the answer stored for it. The key's row
 * is inserted in the import's own transaction: a concurrent request with the same key waits on it,
 * then replays the first answer (or, if the first failed and rolled back, runs itself).
 */
async function claimIdempotencyKey(
  tx: Tx,
  { apiKeyId, key }: { apiKeyId: number; key: string },
  digest: string,
): Promise<IngestSummary | undefined> {
  await tx.$executeRaw`DELETE FROM "IdempotencyRecord" WHERE "createdAt" < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
  const inserted = await tx.$executeRaw`
    INSERT INTO "IdempotencyRecord" ("apiKeyId", "key", "requestDigest") VALUES (${apiKeyId}, ${key}, ${digest})
    ON CONFLICT DO NOTHING`;
  if (inserted === 1) return undefined;
  const stored = await tx.idempotencyRecord.findUniqueOrThrow({ where: { apiKeyId_key: { apiKeyId, key } } });
  if (stored.requestDigest !== digest) {
    throw new ConflictError(
      `Idempotency key "${key}" was used for a different request in the last ${IDEMPOTENCY_TTL_HOURS} hours; use a new key for a new request.`,
      { idempotencyKey: key },
    );
  }
  return { ...(stored.response as unknown as IngestSummary), replayed: true };
}

interface Ids {
  places: Map<string, number>;
  actors: Map<string, { id: number; kind: string }>;
  topics: Map<string, number>;
  events: Map<string, number>;
}

class Import {
  private readonly bundle: Bundle;
  private readonly created = zero();
  private readonly updated = zero();
  private readonly unchanged = zero();
  private readonly deleted = zero();
  private readonly notes: string[] = [];
  private readonly reanchored: string[] = [];
  private readonly log = new RevisionLog();
  private readonly ids: Ids = { places: new Map(), actors: new Map(), topics: new Map(), events: new Map() };
  /** The version this import gave each row it updated ("Entity:id"), so it spends one per row. */
  private readonly versions = new Map<string, number>();
  private sourceId = 0;
  private sourceRevision = 1;
  private textChanged = false;

  constructor(
    private readonly tx: Tx,
    private readonly prepared: PreparedBundle,
    private readonly options: IngestOptions,
  ) {
    this.bundle = prepared.bundle;
  }

  private progress(phase: string, done: number, total: number): void {
    this.options.onProgress?.(phase, done, total);
  }

  async run(): Promise<IngestSummary> {
    const { tx, bundle, prepared } = this;
    await lockSource(tx, bundle.source.slug);
    const stored = await tx.source.findUnique({
      where: { slug: bundle.source.slug },
      select: { id: true, bundleDigest: true, textRevision: true },
    });
    if (stored && stored.bundleDigest === prepared.digest) return this.unchangedSummary(stored.textRevision);

    await this.resolveExternal();
    await this.checkTimeZones();
    await this.writePlaces();
    this.progress("places", bundle.places.length, bundle.places.length);
    await this.writeActors();
    this.checkRoleHolders();
    this.progress("actors", bundle.actors.length, bundle.actors.length);
    await this.writeTopics();
    this.progress("topics", bundle.topics.length, bundle.topics.length);
    await this.writeEvents();
    this.progress("events", bundle.events.length, bundle.events.length);
    await this.writeSource();
    this.progress("source", 1, 1);
    await this.writeRoles();
    this.progress("roles", bundle.roles.length, bundle.roles.length);
    await this.writeParticipation();
    const participants = bundle.events.reduce((n, e) => n + e.participants.length, 0);
    this.progress("participants", participants, participants);
    const statementIds = await this.writeStatements();
    await this.writePositions(statementIds);
    this.progress("positions", bundle.positions.length, bundle.positions.length);
    await this.deleteOmitted(statementIds);
    this.progress("omitted", 1, 1);

    const revision = await this.log.save(tx, {
      apiKeyId: this.options.author.apiKeyId,
      author: this.options.author.name,
      operation: this.options.author.operation,
      bundleDigest: prepared.digest,
      sourceSlug: bundle.source.slug,
    });
    if (revision !== null && this.textChanged) {
      await tx.sourceRevision.update({
        where: { sourceId_revision: { sourceId: this.sourceId, revision: this.sourceRevision } },
        data: { revisionId: revision },
      });
    }
    await tx.source.update({ where: { id: this.sourceId }, data: { bundleDigest: prepared.digest } });
    return {
      source: bundle.source.slug,
      sourceRevision: this.sourceRevision,
      changed: revision !== null,
      replayed: false,
      revision,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      deleted: this.deleted,
      reanchored: this.reanchored,
      notes: this.notes,
    };
  }

  private unchangedSummary(sourceRevision: number): IngestSummary {
    const { bundle } = this;
    const unchanged: EntityCounts = {
      sources: 1,
      places: bundle.places.length,
      actors: bundle.actors.length,
      topics: bundle.topics.length,
      events: bundle.events.length,
      participants: bundle.events.reduce((n, e) => n + e.participants.length, 0),
      roles: bundle.roles.length,
      statements: bundle.statements.length,
      positions: bundle.positions.length,
    };
    return {
      source: bundle.source.slug,
      sourceRevision,
      changed: false,
      replayed: false,
      revision: null,
      created: zero(),
      updated: zero(),
      unchanged,
      deleted: zero(),
      reanchored: [],
      notes: [UNCHANGED_BUNDLE_NOTE],
    };
  }

  /** Slugs the bundle only refers to must exist; roles must be held by persons. */
  private async resolveExternal(): Promise<void> {
    const { tx } = this;
    const { external } = this.prepared;
    const problems: BundleProblem[] = [];
    const missing = (kind: string, wanted: string[], found: string[]) => {
      const have = new Set(found);
      for (const slug of wanted) {
        if (!have.has(slug))
          problems.push({
            path: kind,
            message: `no ${kind.slice(0, -1)} has slug "${slug}", in this bundle or stored`,
          });
      }
    };
    const places = await tx.place.findMany({
      where: { slug: { in: external.places } },
      select: { id: true, slug: true },
    });
    const actors = await tx.actor.findMany({
      where: { slug: { in: external.actors } },
      select: { id: true, slug: true, kind: true },
    });
    const topics = await tx.topic.findMany({
      where: { slug: { in: external.topics } },
      select: { id: true, slug: true },
    });
    const events = await tx.event.findMany({
      where: { slug: { in: external.events } },
      select: { id: true, slug: true },
    });
    missing(
      "places",
      external.places,
      places.map((p) => p.slug),
    );
    missing(
      "actors",
      external.actors,
      actors.map((a) => a.slug),
    );
    missing(
      "topics",
      external.topics,
      topics.map((t) => t.slug),
    );
    missing(
      "events",
      external.events,
      events.map((e) => e.slug),
    );
    for (const p of places) this.ids.places.set(p.slug, p.id);
    for (const a of actors) this.ids.actors.set(a.slug, { id: a.id, kind: a.kind });
    for (const t of topics) this.ids.topics.set(t.slug, t.id);
    for (const e of events) this.ids.events.set(e.slug, e.id);
    if (problems.length > 0) throw new BundleError(problems);
  }

  /**
   * Roles are held by persons, as stored: an actor keeps its stored kind whatever a bundle says,
   * so one this bundle calls a PERSON may be stored as something else (and has no Person row).
   */
  private checkRoleHolders(): void {
    const problems: BundleProblem[] = [];
    this.bundle.roles.forEach((role, i) => {
      const { kind } = this.ids.actors.get(role.person)!;
      if (kind === "PERSON") return;
      const defined = this.bundle.actors.some((a) => a.slug === role.person);
      problems.push({
        path: `roles[${i}].person`,
        message: `"${role.person}" is stored as ${kind}${defined ? " (a stored actor keeps its kind, whatever this bundle says)" : ""}; only persons hold roles`,
      });
    });
    if (problems.length > 0) throw new BundleError(problems.slice(0, 50));
  }

  /**
   * Time zones PostgreSQL knows, as the database's rules compute with them: the bundle's reader
   * asks Node's ICU, which also takes old aliases ("US/Pacific-New") the database's tz data lacks.
   */
  private async checkTimeZones(): Promise<void> {
    const { bundle } = this;
    const uses = [
      ...bundle.events.map((e, i) => ({ path: `events[${i}].timeZone`, zone: e.timeZone })),
      ...bundle.statements.map((s, i) => ({ path: `statements[${i}] (key "${s.key}").timeZone`, zone: s.timeZone })),
    ].filter((use): use is { path: string; zone: string } => use.zone != null);
    if (uses.length === 0) return;
    const zones = [...new Set(uses.map((use) => use.zone))];
    const known = await this.tx.$queryRaw<{ name: string }[]>`
      SELECT name FROM pg_timezone_names WHERE name = ANY(${zones}::text[])
      UNION SELECT abbrev FROM pg_timezone_abbrevs WHERE abbrev = ANY(${zones}::text[])`;
    const have = new Set(known.map((k) => k.name));
    const problems = uses
      .filter((use) => !have.has(use.zone))
      .map((use) => {
        const canonical = new Intl.DateTimeFormat("en", { timeZone: use.zone }).resolvedOptions().timeZone;
        return {
          path: use.path,
          message: `the database does not know the time zone "${use.zone}"${canonical !== use.zone ? `; give its current name, "${canonical}"` : ""}`,
        };
      });
    if (problems.length > 0) throw new BundleError(problems.slice(0, 50));
  }

  /**
   * Creates the shared entities the database lacks and fills in the stored ones' empty fields.
   * `rows` are the wanted rows by slug (column values); returns the stored rows by slug.
   */
  private async mergeShared<Row extends { id: number; slug: string; version: number }>(
    kind: "places" | "actors" | "topics" | "events",
    entityType: string,
    wanted: Map<string, Record<string, unknown>>,
    model: {
      findMany(args: { where: { slug: { in: string[] } } }): Promise<Row[]>;
      createManyAndReturn(args: { data: Record<string, unknown>[]; skipDuplicates: true }): Promise<Row[]>;
      updateManyAndReturn(args: {
        where: { id: number; version: number };
        data: Record<string, unknown>;
      }): Promise<Row[]>;
    },
    /**
     * Fields that only make sense together (an instant and its precision): filled as one, when the
     * stored `when` field is empty, or else kept as one.
     */
    group: { when: string; fields: string[] } | undefined = undefined,
  ): Promise<Map<string, Row>> {
    const slugs = [...wanted.keys()];
    const rows = new Map<string, Row>();
    for (const part of chunks(slugs))
      for (const row of await model.findMany({ where: { slug: { in: part } } })) rows.set(row.slug, row);
    // In slug order: imports inserting the same new slugs in different orders would deadlock.
    const fresh = slugs.filter((slug) => !rows.has(slug)).sort();
    for (const part of chunks(fresh)) {
      // A concurrent import of another source may create the same slug: it is then merged below.
      for (const row of await model.createManyAndReturn({
        data: part.map((slug) => wanted.get(slug)!),
        skipDuplicates: true,
      })) {
        rows.set(row.slug, row);
        this.created[kind] += 1;
        this.log.created(entityType, row);
      }
    }
    const raced = fresh.filter((slug) => !rows.has(slug));
    for (const row of raced.length ? await model.findMany({ where: { slug: { in: raced } } }) : [])
      rows.set(row.slug, row);
    for (const slug of slugs) {
      const row = rows.get(slug)!;
      if (this.log.isCreated(entityType, row.id)) continue;
      const fill: Record<string, unknown> = {};
      const stored = row as Record<string, unknown>;
      const fillGroup = group !== undefined && stored[group.when] === null && wanted.get(slug)![group.when] !== null;
      for (const [field, value] of Object.entries(differences(stored, wanted.get(slug)!))) {
        if (group?.fields.includes(field)) {
          if (fillGroup) fill[field] = value;
          else if (value !== null)
            this.notes.push(`${entityType} "${slug}": kept the stored ${field}, which the bundle gives differently.`);
        } else if (isEmpty(stored[field])) fill[field] = value;
        else if (value !== null)
          this.notes.push(`${entityType} "${slug}": kept the stored ${field}, which the bundle gives differently.`);
      }
      if (Object.keys(fill).length === 0) {
        this.unchanged[kind] += 1;
        continue;
      }
      const after = await this.updateRead(entityType, `"${slug}"`, model, row, fill);
      this.updated[kind] += 1;
      this.log.updated(entityType, row, after);
      rows.set(slug, after);
    }
    return rows;
  }

  /**
   * Writes `data` to a row this import read, if it is still as read (its version unchanged), and
   * spends one version on it: a write that came between is not overwritten but refused.
   */
  private async updateRead<Row extends { id: number; version: number }>(
    entityType: string,
    name: string,
    model: {
      updateManyAndReturn(args: {
        where: { id: number; version: number };
        data: Record<string, unknown>;
      }): Promise<Row[]>;
    },
    row: { id: number; version: number },
    data: Record<string, unknown>,
  ): Promise<Row> {
    const [after] = await model.updateManyAndReturn({
      where: { id: row.id, version: row.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (!after) throw changedMeanwhile(entityType, name);
    this.versions.set(`${entityType}:${row.id}`, after.version);
    return after;
  }

  /**
   * One more version for each entity this write changes through another table (a person's names,
   * an event's parent or participants), unless the write created it or spent a version on it
   * already: one version per entity per import. Returns the versions the changes record.
   */
  private async bump(entityType: "Actor" | "Event", ids: number[]): Promise<Map<number, number | undefined>> {
    const out = new Map<number, number | undefined>();
    const pending: number[] = [];
    for (const id of new Set(ids)) {
      if (this.log.isCreated(entityType, id)) out.set(id, undefined);
      else if (this.versions.has(`${entityType}:${id}`)) out.set(id, this.versions.get(`${entityType}:${id}`));
      else pending.push(id);
    }
    if (pending.length === 0) return out;
    const rows =
      entityType === "Actor"
        ? await this.tx.$queryRaw<{ id: number; version: number }[]>`
            UPDATE "Actor" SET "version" = "version" + 1 WHERE "id" = ANY(${pending}::int[]) RETURNING "id", "version"`
        : await this.tx.$queryRaw<{ id: number; version: number }[]>`
            UPDATE "Event" SET "version" = "version" + 1 WHERE "id" = ANY(${pending}::int[]) RETURNING "id", "version"`;
    for (const row of rows) {
      this.versions.set(`${entityType}:${row.id}`, row.version);
      out.set(row.id, row.version);
    }
    return out;
  }

  private async writePlaces(): Promise<void> {
    const wanted = new Map(
      this.bundle.places.map((p) => [
        p.slug,
        {
          slug: p.slug,
          name: p.name,
          locality: orNull(p.locality),
          region: orNull(p.region),
          country: orNull(p.country),
          countryCode: orNull(p.countryCode),
          latitude: orNull(p.latitude),
          longitude: orNull(p.longitude),
          coordinatesBasis: orNull(p.coordinatesBasis),
          note: orNull(p.note),
        },
      ]),
    );
    const rows = await this.mergeShared("places", "Place", wanted, this.tx.place as never, {
      when: "latitude",
      fields: ["latitude", "longitude", "coordinatesBasis"],
    });
    for (const [slug, row] of rows) this.ids.places.set(slug, row.id);
  }

  private async writeActors(): Promise<void> {
    const { tx } = this;
    const wanted = new Map(
      this.bundle.actors.map((a) => [
        a.slug,
        {
          slug: a.slug,
          kind: a.kind,
          name: a.name,
          // Left out when the bundle gives none, so a stored list is neither compared nor noted.
          ...(a.names?.length ? { names: a.names } : {}),
          description: orNull(a.description),
        },
      ]),
    );
    const rows = await this.mergeShared<{ id: number; slug: string; version: number; kind: string }>(
      "actors",
      "Actor",
      wanted,
      tx.actor as never,
    );
    for (const [slug, row] of rows) this.ids.actors.set(slug, { id: row.id, kind: row.kind });
    const persons = this.bundle.actors.filter((a) => a.person != null);
    const stored = new Map<number, { actorId: number; givenName: string | null; familyName: string | null }>();
    for (const part of chunks(persons))
      for (const p of await tx.person.findMany({ where: { actorId: { in: part.map((a) => rows.get(a.slug)!.id) } } }))
        stored.set(p.actorId, p);
    const fresh: { actorId: number; givenName: string | null; familyName: string | null }[] = [];
    const patches: { actorId: number; before: Record<string, unknown>; after: Record<string, unknown> }[] = [];
    for (const actor of persons) {
      const row = rows.get(actor.slug)!;
      if (row.kind !== "PERSON") {
        this.notes.push(`Actor "${actor.slug}": stored as a ${row.kind}, so its person fields were not written.`);
        continue;
      }
      const wantedPerson = { givenName: orNull(actor.person!.givenName), familyName: orNull(actor.person!.familyName) };
      const person = stored.get(row.id);
      if (!person) {
        fresh.push({ actorId: row.id, ...wantedPerson });
        patches.push({ actorId: row.id, before: {}, after: wantedPerson });
        continue;
      }
      const fill = Object.fromEntries(
        Object.entries(differences(person, wantedPerson)).filter(
          ([field]) => person[field as keyof typeof person] === null,
        ),
      );
      if (Object.keys(fill).length === 0) continue;
      const empty = Object.fromEntries(Object.keys(fill).map((field) => [field, null]));
      // Filled only while still empty: a curator's names written meanwhile stay.
      const { count } = await tx.person.updateMany({ where: { actorId: row.id, ...empty }, data: fill });
      if (count === 0) throw changedMeanwhile("Actor", `"${actor.slug}"`);
      patches.push({ actorId: row.id, before: empty, after: fill });
    }
    for (const part of chunks(fresh)) await tx.person.createMany({ data: part });
    const versions = await this.bump(
      "Actor",
      patches.map((p) => p.actorId),
    );
    for (const p of patches) this.log.patch("Actor", p.actorId, p.before, p.after, versions.get(p.actorId));
  }

  private async writeTopics(): Promise<void> {
    const wanted = new Map(
      this.bundle.topics.map((t) => [t.slug, { slug: t.slug, name: t.name, description: orNull(t.description) }]),
    );
    const rows = await this.mergeShared("topics", "Topic", wanted, this.tx.topic as never);
    for (const [slug, row] of rows) this.ids.topics.set(slug, row.id);
  }

  private async writeEvents(): Promise<void> {
    const { tx, ids } = this;
    // Parents defined in this bundle are set once every event exists.
    const wanted = new Map(
      this.bundle.events.map((e) => [
        e.slug,
        {
          slug: e.slug,
          title: e.title,
          kind: e.kind,
          status: e.status,
          statusBasis: e.statusBasis ?? "SOURCE",
          description: orNull(e.description),
          startsAt: instant(e.startsAt),
          timeZone: orNull(e.timeZone),
          timePrecision: e.timePrecision,
          timeBasis: e.timeBasis,
          timeNote: orNull(e.timeNote),
          placeId: e.place == null ? null : ids.places.get(e.place)!,
          parentId: e.parent == null ? null : (ids.events.get(e.parent) ?? null),
        },
      ]),
    );
    const rows = await this.mergeShared<{ id: number; slug: string; version: number; parentId: number | null }>(
      "events",
      "Event",
      wanted,
      tx.event as never,
      // A stored time is kept whole; an event stored without one takes the bundle's, precision and all.
      { when: "startsAt", fields: ["startsAt", "timeZone", "timePrecision", "timeBasis", "timeNote"] },
    );
    for (const [slug, row] of rows) ids.events.set(slug, row.id);
    const parented: { id: number; parentId: number }[] = [];
    for (const event of this.bundle.events) {
      const row = rows.get(event.slug)!;
      if (event.parent == null || row.parentId !== null) continue;
      const parentId = ids.events.get(event.parent)!;
      // Set only while still unset: a parent a curator gave meanwhile stays.
      const { count } = await tx.event.updateMany({ where: { id: row.id, parentId: null }, data: { parentId } });
      if (count === 0) throw changedMeanwhile("Event", `"${event.slug}"`);
      parented.push({ id: row.id, parentId });
    }
    await this.checkNoParentCycle();
    const versions = await this.bump(
      "Event",
      parented.map((p) => p.id),
    );
    for (const { id, parentId } of parented)
      this.log.patch("Event", id, { parentId: null }, { parentId }, versions.get(id));
  }

  /**
   * No event is part of itself, through any number of parents: the bundle's own (x in y, y in x)
   * and those stored (a parent given to a stored event that already contains the would-be
   * parent). Walks up from every event of the bundle that has a parent, as written in this
   * transaction; an event it reaches again is in a cycle.
   */
  private async checkNoParentCycle(): Promise<void> {
    const { ids } = this;
    const starts = this.bundle.events.filter((e) => e.parent != null).map((e) => ids.events.get(e.slug)!);
    if (starts.length === 0) return;
    // UNION, not UNION ALL: the walk ends where a cycle closes.
    const looped = await this.tx.$queryRaw<{ id: number }[]>`
      WITH RECURSIVE up(start, id) AS (
        SELECT e.id, e."parentId" FROM "Event" e WHERE e.id = ANY(${starts}::int[]) AND e."parentId" IS NOT NULL
        UNION
        SELECT up.start, e."parentId" FROM up JOIN "Event" e ON e.id = up.id
        WHERE up.id <> up.start AND e."parentId" IS NOT NULL
      )
      SELECT DISTINCT start AS id FROM up WHERE id = start`;
    if (looped.length === 0) return;
    const inCycle = new Set(looped.map((row) => row.id));
    const problems = this.bundle.events.flatMap((event, i) =>
      inCycle.has(ids.events.get(event.slug)!)
        ? [
            {
              path: `events[${i}].parent`,
              message: `"${event.parent}" is "${event.slug}" or part of it, as this bundle or the stored events have it; an event cannot be part of itself`,
            },
          ]
        : [],
    );
    throw new BundleError(problems.slice(0, 50));
  }

  private async writeSource(): Promise<void> {
    const { tx, bundle, prepared } = this;
    const { text } = bundle.source;
    const wanted = {
      slug: bundle.source.slug,
      title: bundle.source.title,
      dateline: orNull(bundle.source.dateline),
      publisher: orNull(bundle.source.publisher),
      url: orNull(bundle.source.url),
      language: bundle.source.language,
      publishedOn: day(bundle.source.publishedOn),
      publishedOnBasis: orNull(bundle.source.publishedOnBasis),
      note: orNull(bundle.source.note),
      text,
      textLength: prepared.text.length,
      sha256: createHash("sha256").update(text, "utf8").digest("hex"),
    };
    const stored = await tx.source.findUnique({ where: { slug: wanted.slug } });
    if (!stored) {
      const row = await tx.source.create({ data: wanted });
      await tx.sourceRevision.create({
        data: { sourceId: row.id, revision: 1, text, textLength: wanted.textLength, sha256: wanted.sha256 },
      });
      this.sourceId = row.id;
      this.created.sources = 1;
      this.log.created("Source", row);
      return;
    }
    this.sourceId = stored.id;
    this.sourceRevision = stored.textRevision;
    const changes = differences(stored, wanted);
    if (Object.keys(changes).length === 0) {
      this.unchanged.sources = 1;
      return;
    }
    this.textChanged = stored.text !== text;
    if (this.textChanged) {
      await this.checkQuotesSurvive(stored.text);
      this.sourceRevision = stored.textRevision + 1;
      await tx.sourceRevision.create({
        data: {
          sourceId: stored.id,
          revision: this.sourceRevision,
          text,
          textLength: wanted.textLength,
          sha256: wanted.sha256,
        },
      });
    }
    const after = await this.updateRead("Source", `"${stored.slug}"`, tx.source, stored, {
      ...changes,
      textRevision: this.sourceRevision,
    });
    this.updated.sources = 1;
    this.log.updated("Source", stored, after);
  }

  /**
   * A new text must not strand what quoted the old one: a stored statement the bundle leaves out,
   * whose span no longer holds in the new text, is refused rather than dropped unseen.
   */
  private async checkQuotesSurvive(oldText: string): Promise<void> {
    const keep = new Set(this.bundle.statements.map((s) => s.key));
    const stored = await this.tx.statement.findMany({
      where: { sourceId: this.sourceId },
      select: { key: true, start: true, end: true, exact: true },
    });
    const problems: BundleProblem[] = [];
    for (const s of stored) {
      if (keep.has(s.key)) continue;
      const now = this.prepared.text.resolve({ exact: s.exact, start: s.start, end: s.end });
      if ("message" in now) {
        problems.push({
          path: `statements (stored key "${s.key}")`,
          message: `the source text changed and this stored statement's span [${s.start}, ${s.end}) no longer holds its words; re-anchor it (list it in the bundle with its span in the new text), or delete it first`,
          expected: s.exact,
          found: this.prepared.text.slice(
            Math.min(s.start, this.prepared.text.length),
            Math.min(s.end, this.prepared.text.length),
          ),
        });
      }
    }
    void oldText;
    if (problems.length > 0) throw new BundleError(problems.slice(0, 50));
  }

  private async writeRoles(): Promise<void> {
    const { tx, ids, sourceId } = this;
    const stored = await tx.role.findMany({ where: { sourceId } });
    const byKey = new Map(stored.map((r) => [`${r.personId}\n${r.title}`, r]));
    const seen = new Set<number>();
    for (const [i, role] of this.bundle.roles.entries()) {
      const span: ResolvedSpan = this.prepared.roleSpans[i]!;
      const personId = ids.actors.get(role.person)!.id;
      const wanted = {
        personId,
        title: role.title,
        organizationId: role.organization == null ? null : ids.actors.get(role.organization)!.id,
        startDate: day(role.startDate),
        endDate: day(role.endDate),
        spanBasis: orNull(role.spanBasis),
        note: orNull(role.note),
        sourceId,
        ...span,
      };
      const row = byKey.get(`${personId}\n${role.title}`);
      if (!row) {
        const created = await tx.role.create({ data: wanted });
        this.created.roles += 1;
        this.log.created("Role", created);
        continue;
      }
      seen.add(row.id);
      const changes = differences(row, wanted);
      if (Object.keys(changes).length === 0) {
        this.unchanged.roles += 1;
        continue;
      }
      const after = await this.updateRead("Role", `"${role.person}" as "${role.title}"`, tx.role, row, changes);
      this.updated.roles += 1;
      this.log.updated("Role", row, after);
    }
    for (const row of stored) {
      if (seen.has(row.id)) continue;
      const { count } = await tx.role.deleteMany({ where: { id: row.id, version: row.version } });
      if (count === 0) throw changedMeanwhile("Role", `"${row.title}" (id ${row.id})`);
      this.deleted.roles += 1;
      this.log.deleted("Role", row);
    }
  }

  /** This source's participation claims, and the merged participants they add to or leave. */
  private async writeParticipation(): Promise<void> {
    const { tx, ids, sourceId } = this;
    const stored = await tx.participationClaim.findMany({ where: { sourceId } });
    const key = (c: { eventId: number; actorId: number }) => `${c.eventId}\n${c.actorId}`;
    const byKey = new Map(stored.map((c) => [key(c), c]));
    const wanted = this.bundle.events.flatMap((event) =>
      event.participants.map((p) => ({
        eventId: ids.events.get(event.slug)!,
        actorId: ids.actors.get(p.actor)!.id,
        sourceId,
        role: p.role,
        note: orNull(p.note),
      })),
    );
    // Whether a participant stays depends on other sources' claims: imports of other sources that
    // claim at the same events take turns (in event order), else one adding a claim while another
    // drops its own could both read "no other claim" and leave a claim without its participant, or
    // both insert the participant. NO KEY UPDATE leaves foreign-key checks (statements) unblocked.
    const events = [...new Set([...stored, ...wanted].map((c) => c.eventId))].sort((a, b) => a - b);
    if (events.length > 0)
      await tx.$queryRaw`SELECT "id" FROM "Event" WHERE "id" = ANY(${events}::int[]) ORDER BY "id" FOR NO KEY UPDATE`;

    const fresh: typeof wanted = [];
    const changed: typeof wanted = [];
    for (const c of wanted) {
      const row = byKey.get(key(c));
      if (!row) fresh.push(c);
      else if (row.role === c.role && row.note === c.note) this.unchanged.participants += 1;
      else changed.push(c);
    }
    const wantedKeys = new Set(wanted.map(key));
    const gone = stored.filter((row) => !wantedKeys.has(key(row)));
    const touched = new Set([...fresh, ...changed, ...gone].map((c) => c.eventId));

    for (const part of chunks(fresh)) {
      await tx.participationClaim.createMany({ data: part });
      // The merged view: a participant already there (from another source or a curator) stays as it is.
      const present = new Map(
        (
          await tx.eventParticipant.findMany({
            where: { OR: part.map((c) => ({ eventId: c.eventId, actorId: c.actorId })) },
            select: { eventId: true, actorId: true, role: true },
          })
        ).map((p) => [key(p), p]),
      );
      await tx.eventParticipant.createMany({
        data: part.filter((c) => !present.has(key(c))).map(({ sourceId: _source, ...participant }) => participant),
      });
      for (const c of part) {
        const there = present.get(key(c));
        if (there && there.role !== c.role)
          this.notes.push(
            `Event participant ${c.actorId} of event ${c.eventId}: kept the stored role ${there.role}; this source says ${c.role}.`,
          );
      }
    }
    this.created.participants += fresh.length;

    if (changed.length > 0) {
      const eventIds = changed.map((c) => c.eventId);
      const actorIds = changed.map((c) => c.actorId);
      const roles = changed.map((c) => c.role);
      const notes = changed.map((c) => c.note);
      await tx.$executeRaw`
        UPDATE "ParticipationClaim" c SET "role" = w.role::"ParticipantRole", "note" = w.note
        FROM unnest(${eventIds}::int[], ${actorIds}::int[], ${roles}::text[], ${notes}::text[]) AS w(event, actor, role, note)
        WHERE c."sourceId" = ${sourceId} AND c."eventId" = w.event AND c."actorId" = w.actor`;
      // The merged participant follows the claim while no other source claims it.
      await tx.$executeRaw`
        UPDATE "EventParticipant" p SET "role" = w.role::"ParticipantRole", "note" = w.note
        FROM unnest(${eventIds}::int[], ${actorIds}::int[], ${roles}::text[], ${notes}::text[]) AS w(event, actor, role, note)
        WHERE p."eventId" = w.event AND p."actorId" = w.actor
          AND NOT EXISTS (SELECT FROM "ParticipationClaim" o
                          WHERE o."eventId" = w.event AND o."actorId" = w.actor AND o."sourceId" <> ${sourceId})`;
      this.updated.participants += changed.length;
    }

    if (gone.length > 0) {
      const eventIds = gone.map((c) => c.eventId);
      const actorIds = gone.map((c) => c.actorId);
      await tx.$executeRaw`
        DELETE FROM "ParticipationClaim" c USING unnest(${eventIds}::int[], ${actorIds}::int[]) AS w(event, actor)
        WHERE c."sourceId" = ${sourceId} AND c."eventId" = w.event AND c."actorId" = w.actor`;
      // A participant no source claims any more goes.
      await tx.$executeRaw`
        DELETE FROM "EventParticipant" p USING unnest(${eventIds}::int[], ${actorIds}::int[]) AS w(event, actor)
        WHERE p."eventId" = w.event AND p."actorId" = w.actor
          AND NOT EXISTS (SELECT FROM "ParticipationClaim" o WHERE o."eventId" = w.event AND o."actorId" = w.actor)`;
      this.deleted.participants += gone.length;
    }

    if (touched.size === 0) return;
    const describe = (c: { actorId: number; role: string }) => `${c.actorId}:${c.role}`;
    const byEvent = (claims: { eventId: number; actorId: number; role: string }[]) => {
      const out = new Map<number, string[]>();
      for (const c of claims) {
        if (!touched.has(c.eventId)) continue;
        let list = out.get(c.eventId);
        if (!list) out.set(c.eventId, (list = []));
        list.push(describe(c));
      }
      return out;
    };
    const before = byEvent(stored);
    const after = byEvent(wanted);
    const field = `participants of ${this.bundle.source.slug}`;
    const versions = await this.bump("Event", [...touched]);
    for (const eventId of touched)
      this.log.patch(
        "Event",
        eventId,
        { [field]: (before.get(eventId) ?? []).sort() },
        { [field]: (after.get(eventId) ?? []).sort() },
        versions.get(eventId),
      );
  }

  private async writeStatements(): Promise<Map<string, number>> {
    const { tx, ids, sourceId, bundle } = this;
    const stored = await tx.statement.findMany({
      where: { sourceId },
      include: { topics: { select: { topicId: true } }, about: { select: { eventId: true } } },
    });
    const byKey = new Map(stored.map((s) => [s.key, s]));
    const statementIds = new Map(stored.map((s) => [s.key, s.id]));
    const wanted = bundle.statements.map((s, i) => {
      const span = this.prepared.statementSpans[i]!;
      return {
        row: {
          key: s.key,
          kind: s.kind,
          text: s.text ?? span.exact,
          verb: orNull(s.verb),
          speakerId: ids.actors.get(s.speaker)!.id,
          occasionId: s.occasion == null ? null : ids.events.get(s.occasion)!,
          saidAt: instant(s.saidAt),
          timeZone: orNull(s.timeZone),
          timePrecision: orNull(s.timePrecision),
          timeBasis: orNull(s.timeBasis),
          timeText: orNull(s.timeText),
          sourceId,
          ...span,
        },
        topics: [...new Set(s.topics.map((slug) => ids.topics.get(slug)!))].sort((a, b) => a - b),
        about: [...new Set(s.about.map((slug) => ids.events.get(slug)!))].sort((a, b) => a - b),
      };
    });
    // In speaker order, so imports quoting the same actors lock their rows (statement counts) in one order.
    const fresh = wanted.filter((w) => !byKey.has(w.row.key)).sort((a, b) => a.row.speakerId - b.row.speakerId);
    let done = 0;
    for (const part of chunks(fresh)) {
      const rows = await tx.statement.createManyAndReturn({ data: part.map((w) => w.row) });
      for (const row of rows) {
        statementIds.set(row.key, row.id);
        this.log.created("Statement", row);
      }
      done += rows.length;
      this.progress("statements", done, wanted.length);
    }
    this.created.statements = fresh.length;
    const topicLinks: { statementId: number; topicId: number }[] = [];
    const eventLinks: { statementId: number; eventId: number }[] = [];
    for (const w of fresh) {
      const statementId = statementIds.get(w.row.key)!;
      for (const topicId of w.topics) topicLinks.push({ statementId, topicId });
      for (const eventId of w.about) eventLinks.push({ statementId, eventId });
      this.log.patch("Statement", statementId, {}, { topics: w.topics, about: w.about });
    }
    for (const w of wanted) {
      const row = byKey.get(w.row.key);
      if (!row) continue;
      const changes: Record<string, unknown> = differences(row, w.row);
      const topicsBefore = row.topics.map((t) => t.topicId).sort((a, b) => a - b);
      const aboutBefore = row.about.map((e) => e.eventId).sort((a, b) => a - b);
      const linksChanged = !same(topicsBefore, w.topics) || !same(aboutBefore, w.about);
      if (Object.keys(changes).length === 0 && !linksChanged) {
        this.unchanged.statements += 1;
        continue;
      }
      if (this.textChanged && (row.start !== w.row.start || row.end !== w.row.end)) this.reanchored.push(row.key);
      if (!same(topicsBefore, w.topics)) {
        await tx.statementTopic.deleteMany({ where: { statementId: row.id } });
        for (const topicId of w.topics) topicLinks.push({ statementId: row.id, topicId });
      }
      if (!same(aboutBefore, w.about)) {
        await tx.statementEvent.deleteMany({ where: { statementId: row.id } });
        for (const eventId of w.about) eventLinks.push({ statementId: row.id, eventId });
      }
      const after = await this.updateRead("Statement", `"${row.key}"`, tx.statement, row, changes);
      this.updated.statements += 1;
      const { topics: _t, about: _a, ...before } = row;
      this.log.updated("Statement", before, after, {
        before: linksChanged ? { topics: topicsBefore, about: aboutBefore } : {},
        after: linksChanged ? { topics: w.topics, about: w.about } : {},
      });
      done += 1;
      if (done % 500 === 0) this.progress("statements", done, wanted.length);
    }
    for (const part of chunks(topicLinks)) await tx.statementTopic.createMany({ data: part });
    for (const part of chunks(eventLinks)) await tx.statementEvent.createMany({ data: part });
    this.progress("statements", wanted.length, wanted.length);
    return statementIds;
  }

  private async writePositions(statementIds: Map<string, number>): Promise<void> {
    const { tx, ids, sourceId, bundle } = this;
    const foreignRefs = new Map<string, { source: string; key: string }>();
    for (const p of bundle.positions)
      for (const ref of p.evidence) {
        const foreign = parseForeignRef(ref);
        if (foreign) foreignRefs.set(ref, foreign);
      }
    const foreignIds = new Map<string, number>();
    if (foreignRefs.size > 0) {
      const refs = [...foreignRefs.values()];
      const found = await tx.$queryRaw<{ id: number; key: string; slug: string }[]>`
        SELECT s."id", s."key", src."slug" FROM "Statement" s
        JOIN "Source" src ON src."id" = s."sourceId"
        JOIN unnest(${refs.map((r) => r.source)}::text[], ${refs.map((r) => r.key)}::text[]) AS w(slug, key)
          ON src."slug" = w.slug AND s."key" = w.key`;
      for (const s of found) foreignIds.set(`${s.slug}/${s.key}`, s.id);
      const problems = bundle.positions.flatMap((p, i) =>
        p.evidence.flatMap((ref, j) =>
          foreignRefs.has(ref) && !foreignIds.has(ref)
            ? [
                {
                  path: `positions[${i}] (key "${p.key}").evidence[${j}]`,
                  message: `no stored statement is "${ref}" (source-slug/key)`,
                },
              ]
            : [],
        ),
      );
      if (problems.length > 0) throw new BundleError(problems.slice(0, 50));
    }
    const stored = await tx.position.findMany({
      where: { sourceId },
      include: { evidence: { select: { statementId: true } } },
    });
    const byKey = new Map(stored.map((p) => [p.key, p]));
    const publishedOn = day(bundle.source.publishedOn);
    for (const p of bundle.positions) {
      const wanted = {
        key: p.key,
        sourceId,
        holderId: ids.actors.get(p.holder)!.id,
        topicId: ids.topics.get(p.topic)!,
        stance: p.stance,
        summary: p.summary,
        conditions: p.conditions,
        asOf: p.asOf == null ? publishedOn! : day(p.asOf)!,
        asOfBasis: p.asOfBasis ?? bundle.source.publishedOnBasis!,
      };
      const evidence = [...new Set(p.evidence.map((ref) => statementIds.get(ref) ?? foreignIds.get(ref)!))].sort(
        (a, b) => a - b,
      );
      const row = byKey.get(p.key);
      if (!row) {
        const created = await tx.position.create({
          data: { ...wanted, evidence: { createMany: { data: evidence.map((statementId) => ({ statementId })) } } },
        });
        this.created.positions += 1;
        this.log.created("Position", created, { evidence });
        continue;
      }
      const changes = differences(row, wanted);
      const evidenceBefore = row.evidence.map((e) => e.statementId).sort((a, b) => a - b);
      const evidenceChanged = !same(evidenceBefore, evidence);
      if (Object.keys(changes).length === 0 && !evidenceChanged) {
        this.unchanged.positions += 1;
        continue;
      }
      if (evidenceChanged) {
        await tx.positionEvidence.deleteMany({ where: { positionId: row.id, statementId: { notIn: evidence } } });
        await tx.positionEvidence.createMany({
          data: evidence.map((statementId) => ({ positionId: row.id, statementId })),
          skipDuplicates: true,
        });
      }
      const after = await this.updateRead("Position", `"${row.key}"`, tx.position, row, changes);
      this.updated.positions += 1;
      const { evidence: _e, ...before } = row;
      this.log.updated("Position", before, after, {
        before: evidenceChanged ? { evidence: evidenceBefore } : {},
        after: evidenceChanged ? { evidence } : {},
      });
    }
  }

  /** Positions and statements of this source the bundle no longer lists go, unless others cite them. */
  private async deleteOmitted(statementIds: Map<string, number>): Promise<void> {
    const { tx, sourceId, bundle } = this;
    const keepPositions = bundle.positions.map((p) => p.key);
    const positions = await tx.position.findMany({
      where: { sourceId, key: { notIn: keepPositions } },
      include: { evidence: { select: { statementId: true } } },
    });
    for (const { evidence, ...row } of positions) {
      const { count } = await tx.position.deleteMany({ where: { id: row.id, version: row.version } });
      if (count === 0) throw changedMeanwhile("Position", `"${row.key}"`);
      this.deleted.positions += 1;
      this.log.deleted("Position", row, { evidence: evidence.map((e) => e.statementId) });
    }
    const keep = new Set(bundle.statements.map((s) => s.key));
    const omitted = [...statementIds].filter(([key]) => !keep.has(key)).map(([, id]) => id);
    if (omitted.length === 0) return;
    const cited = await tx.positionEvidence.findMany({
      where: { statementId: { in: omitted } },
      select: {
        statement: { select: { key: true } },
        position: { select: { key: true, source: { select: { slug: true } } } },
      },
    });
    if (cited.length > 0) {
      const named = cited
        .slice(0, 10)
        .map(
          (c) =>
            `statement "${c.statement.key}" is evidence for position "${c.position.key}" of ${c.position.source ? `source "${c.position.source.slug}"` : "a curator"}`,
        );
      throw new ConflictError(
        `The bundle leaves out statements that rows another source (or a curator) owns rely on, so they cannot be deleted: ${named.join("; ")}${cited.length > 10 ? "; …" : ""}. Keep them in the bundle, or change those positions first.`,
        {
          rows: cited.map((c) => ({
            statement: c.statement.key,
            position: c.position.key,
            source: c.position.source?.slug ?? null,
          })),
        },
      );
    }
    for (const part of chunks(omitted)) {
      const rows = await tx.statement.findMany({
        where: { id: { in: part } },
        include: { topics: { select: { topicId: true } }, about: { select: { eventId: true } } },
      });
      const { count } = await tx.statement.deleteMany({
        where: { OR: rows.map((row) => ({ id: row.id, version: row.version })) },
      });
      if (count !== part.length) throw changedMeanwhile("Statement", "of this source");
      // As a curator's delete records it: the row, and the topics and events it was linked to.
      for (const { topics, about, ...row } of rows)
        this.log.deleted("Statement", row, {
          topics: topics.map((t) => t.topicId).sort((a, b) => a - b),
          about: about.map((e) => e.eventId).sort((a, b) => a - b),
        });
      this.deleted.statements += rows.length;
    }
  }
}

export { BundleError };
export type { BundleProblem };
