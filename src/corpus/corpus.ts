import { createHash } from "node:crypto";
import pg from "pg";

/**
 * A synthetic corpus for load tests and query plans: fictional actors, events and articles,
 * generated from a fixed seed, so every run of a size writes the same rows. Everything it writes
 * is marked synthetic (slugs start with `syn-`, sources and descriptions say so).
 */

export const CORPUS_SIZES = {
  small: 0.01,
  medium: 0.1,
  large: 1,
} as const;
export type CorpusSize = keyof typeof CORPUS_SIZES;

/** Row counts at `large`; the other sizes scale them. */
const LARGE = {
  topics: 200,
  places: 1_000,
  actors: 20_000,
  events: 10_000,
  sources: 20_000,
  statementsPerSource: 25,
  positions: 100_000,
};

export interface CorpusShape {
  topics: number;
  places: number;
  actors: number;
  events: number;
  sources: number;
  statementsPerSource: number;
  positions: number;
}

export function corpusShape(size: CorpusSize): CorpusShape {
  const scale = CORPUS_SIZES[size];
  const scaled = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  return {
    // Topics keep their number, so each stays a small share of statements at every size.
    topics: LARGE.topics,
    places: scaled(LARGE.places, 10),
    actors: scaled(LARGE.actors, 50),
    events: scaled(LARGE.events, 20),
    sources: scaled(LARGE.sources, 20),
    statementsPerSource: LARGE.statementsPerSource,
    positions: scaled(LARGE.positions, 100),
  };
}

/** The event the benchmarks use as "the summit": 6 participants, 25 statements, 6 positions. */
export const HOT_EVENT_SLUG = "syn-event-00001";
export const HOT_EVENT = { participants: 6, statements: 25, positions: 6 };
/** The first actor gets the most statements (see `speakerIndex`). */
export const BUSIEST_SPEAKER_SLUG = "syn-actor-00001";
/** A word about one statement in twenty says (and nothing else), and one about one in twenty thousand. */
export const COMMON_TERM = "ceasefire";
export const RARE_TERM = "quorum";

export interface CorpusProgress {
  phase: string;
  done: number;
  total: number;
}

export interface CorpusSummary {
  size: CorpusSize;
  topics: number;
  actors: number;
  events: number;
  sources: number;
  statements: number;
  positions: number;
  seconds: number;
  statementsPerSecond: number;
  hotEvent: string;
  busiestSpeaker: string;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  "ka",
  "lo",
  "ri",
  "sen",
  "tor",
  "va",
  "mi",
  "del",
  "gar",
  "un",
  "pe",
  "zo",
  "bra",
  "tin",
  "os",
  "mar",
];
const FILLER = ["the", "plan", "talks", "border", "trade", "aid", "vote", "council", "deal", "region", "future"];
const VERBS = ["said", "argued", "warned", "insisted", "noted", "stressed"];
const STANCES = ["SUPPORTS", "OPPOSES", "CONDITIONAL", "OPEN", "DEFERS"] as const;
const EVENT_KINDS = ["SUMMIT", "MEETING", "BRIEFING", "PRESS_CONFERENCE", "PHONE_CALL", "SPEECH", "INTERVIEW"] as const;
const ACTOR_KINDS = ["COUNTRY", "GOVERNMENT", "ORGANIZATION", "GROUP"] as const;

const pad = (n: number) => String(n).padStart(5, "0");

function word(random: () => number): string {
  const count = 2 + Math.floor(random() * 2);
  let text = "";
  for (let i = 0; i < count; i += 1) text += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return text;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A speaker for a statement, heavily skewed: the cube of a uniform number puts a few actors
 * ahead of the rest (the first one speaks in about one statement of thirty).
 */
function speakerIndex(random: () => number, actors: number): number {
  return Math.min(actors - 1, Math.floor(actors * random() ** 3));
}

/** One multi-row INSERT, ready to send. */
interface Insert {
  text: string;
  values: string[];
}

/** An element of a PostgreSQL array literal, quoted as `pg` quotes it. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return `"${String(value).replace(/[\\"]/g, "\\$&")}"`;
}

const plainElement = (value: unknown) =>
  value !== null &&
  value !== undefined &&
  !(typeof value === "string" && (value.includes('"') || value.includes("\\")));

/**
 * Collects rows column by column, for `INSERT … SELECT * FROM unnest(…)` with one array per
 * column. Each column is sent as the text of its array, the literal `pg` would write for a
 * JavaScript array, but in one join when no value is NULL or needs escaping (most columns).
 */
class Table {
  private columns: unknown[][];
  /** Per column: every value so far can be written without escaping. */
  private plain: boolean[];
  private readonly sql: string;
  rows = 0;

  constructor(name: string, spec: [column: string, type: string][]) {
    this.columns = spec.map(() => []);
    this.plain = spec.map(() => true);
    const names = spec.map(([column]) => `"${column}"`).join(", ");
    // An array column travels as its text form (unnest would flatten an array of arrays).
    const arrays = spec.map(([, type], index) => `$${index + 1}::${type.endsWith("[]") ? "text" : type}[]`).join(", ");
    const aliases = spec.map((_, index) => `c${index}`);
    const values = spec.map(([, type], index) => (type.endsWith("[]") ? `c${index}::${type}` : `c${index}`));
    this.sql = `INSERT INTO "${name}" (${names}) SELECT ${values.join(", ")} FROM unnest(${arrays}) AS u(${aliases.join(", ")})`;
  }

  add(...values: unknown[]): void {
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index];
      this.columns[index]!.push(value);
      if (this.plain[index] && !plainElement(value)) this.plain[index] = false;
    }
    this.rows += 1;
  }

  get pending(): number {
    return this.columns[0]!.length;
  }

  /** The rows collected since the last take, as one INSERT; null when there are none. */
  take(): Insert | null {
    if (this.pending === 0) return null;
    const values = this.columns.map((column, index) =>
      this.plain[index] ? `{"${column.join('","')}"}` : `{${column.map(arrayElement).join(",")}}`,
    );
    this.columns = this.columns.map(() => []);
    this.plain = this.plain.map(() => true);
    return { text: this.sql, values };
  }
}

/**
 * Session settings for a bulk load. A crash loses at most the last commits (a load is started
 * again on a fresh database anyway), and a batch's transition tables (what the statement-level
 * triggers read) and unnest results stay in memory.
 */
const LOAD_SETTINGS = ["SET synchronous_commit = off", "SET work_mem = '64MB'", "SET maintenance_work_mem = '256MB'"];

async function connect(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const setting of LOAD_SETTINGS) await client.query(setting);
  } catch (error) {
    await client.end();
    throw error;
  }
  return client;
}

/** Inserts in one transaction. */
async function write(client: pg.ClientBase, inserts: (Insert | null)[]): Promise<void> {
  await client.query("BEGIN");
  try {
    for (const insert of inserts) if (insert) await client.query(insert.text, insert.values);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * Writers on their own connections, so the database works on two batches at once (its triggers
 * and indexes, not this process, are what a load spends its time on; two writers and this
 * process keep two cores busy).
 */
class WriterPool {
  private readonly idle: pg.Client[];
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  private constructor(private readonly clients: pg.Client[]) {
    this.idle = [...clients];
  }

  static async open(connectionString: string, size: number): Promise<WriterPool> {
    const clients = await Promise.allSettled(Array.from({ length: size }, () => connect(connectionString)));
    const opened = clients.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failed = clients.find((result) => result.status === "rejected");
    if (failed) {
      await Promise.all(opened.map((client) => client.end()));
      throw failed.reason;
    }
    return new WriterPool(opened);
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Runs a job on a free connection; waits while all are busy. Rethrows the first failure. */
  async submit(job: (client: pg.Client) => Promise<void>): Promise<void> {
    this.check();
    while (this.idle.length === 0) {
      await Promise.race(this.running);
      this.check();
    }
    const client = this.idle.pop()!;
    const running: Promise<void> = job(client)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.idle.push(client);
        this.running.delete(running);
      });
    this.running.add(running);
  }

  /** Waits for every job submitted so far. Rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    this.check();
  }

  /** Waits for the jobs still running, then closes the connections. */
  async close(): Promise<void> {
    await Promise.allSettled(this.running);
    await Promise.all(this.clients.map((client) => client.end()));
  }
}

/**
 * Lets the event loop serve the writers' connections: generating rows is synchronous, and while
 * it runs a writer whose query has just finished cannot send its next one.
 */
const yieldToWriters = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rows in the next batch: as many as are already written, so the first batches are small and
 * both writers start at once; a third of what remains, so the last are small and they finish
 * together; at most `max` between. Larger batches are cheaper per row: the count trigger updates
 * each speaker once per INSERT, and each writer locks a referenced row once per transaction.
 */
function batchSize(written: number, remaining: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.min(written, Math.floor(remaining / 3))));
}

// Measured on the large corpus on two cores: batches of up to 25,000 statements loaded faster than
// of 5,000 (each INSERT updates its speakers' counts once, so small ones update more rows) and than
// of 50,000 (slower; the links that reread a batch's statements may no longer find them cached).
const STATEMENT_BATCH = { min: 5_000, max: 25_000 };
const POSITION_BATCH = { min: 2_000, max: 20_000 };

async function nextId(client: pg.ClientBase, table: string): Promise<number> {
  const { rows } = await client.query<{ id: number }>(`SELECT COALESCE(max(id), 0) + 1 AS id FROM "${table}"`);
  return Number(rows[0]!.id);
}

export class CorpusExistsError extends Error {}

/**
 * Loads the synthetic corpus of a size into a migrated database, with every trigger on (the
 * provenance checks among them). Refuses a database that already holds a synthetic corpus.
 */
export async function loadCorpus(
  connectionString: string,
  size: CorpusSize,
  onProgress: (progress: CorpusProgress) => void = () => {},
): Promise<CorpusSummary> {
  const shape = corpusShape(size);
  const random = prng(20250815);
  const client = await connect(connectionString);
  const started = Date.now();
  let writers: WriterPool | undefined;
  try {
    const existing = await client.query(`SELECT 1 FROM "Source" WHERE slug LIKE 'syn-%' LIMIT 1`);
    if (existing.rowCount) {
      throw new CorpusExistsError(
        "this database already holds a synthetic corpus; load it into a fresh database (DATABASE_URL)",
      );
    }
    const base = {
      topic: await nextId(client, "Topic"),
      place: await nextId(client, "Place"),
      actor: await nextId(client, "Actor"),
      role: await nextId(client, "Role"),
      event: await nextId(client, "Event"),
      source: await nextId(client, "Source"),
      statement: await nextId(client, "Statement"),
      position: await nextId(client, "Position"),
    };
    const pool = await WriterPool.open(connectionString, 2);
    writers = pool;

    // Topics, places, actors (four in five of them persons, with a role each).
    const topicNames: string[] = [];
    const topics = new Table("Topic", [
      ["id", "int"],
      ["slug", "text"],
      ["name", "text"],
      ["description", "text"],
    ]);
    for (let i = 0; i < shape.topics; i += 1) {
      const name = `${capitalise(word(random))} ${word(random)}`;
      topicNames.push(name);
      topics.add(base.topic + i, `syn-topic-${pad(i + 1)}`, name, "Synthetic topic (generated test data).");
    }

    const places = new Table("Place", [
      ["id", "int"],
      ["slug", "text"],
      ["name", "text"],
      ["locality", "text"],
      ["country", "text"],
      ["note", "text"],
    ]);
    for (let i = 0; i < shape.places; i += 1) {
      const name = `${capitalise(word(random))} Hall`;
      places.add(
        base.place + i,
        `syn-place-${pad(i + 1)}`,
        name,
        capitalise(word(random)),
        "Synthetica",
        "Synthetic place.",
      );
    }
    // Events refer to places and statements to topics; both are written before anything else.
    await write(client, [topics.take(), places.take()]);

    const actorNames: string[] = [];
    const actors = new Table("Actor", [
      ["id", "int"],
      ["slug", "text"],
      ["kind", `"ActorKind"`],
      ["name", "text"],
      ["description", "text"],
    ]);
    const persons = new Table("Person", [
      ["actorId", "int"],
      ["givenName", "text"],
      ["familyName", "text"],
    ]);
    const roles = new Table("Role", [
      ["id", "int"],
      ["personId", "int"],
      ["title", "text"],
      ["startDate", "date"],
      ["spanBasis", `"FactBasis"`],
      ["note", "text"],
    ]);
    for (let i = 0; i < shape.actors; i += 1) {
      const id = base.actor + i;
      const person = i % 5 !== 4;
      const given = capitalise(word(random));
      const family = capitalise(word(random));
      const name = person ? `${given} ${family}` : `${capitalise(word(random))} ${capitalise(word(random))} Council`;
      actorNames.push(name);
      const kind = person ? "PERSON" : ACTOR_KINDS[i % ACTOR_KINDS.length]!;
      actors.add(id, `syn-actor-${pad(i + 1)}`, kind, name, "Synthetic actor (generated test data).");
      if (person) {
        persons.add(id, given, family);
        roles.add(
          base.role + roles.rows,
          id,
          `Minister of ${capitalise(word(random))}`,
          "2020-01-01",
          "BACKGROUND",
          "Synthetic role.",
        );
      }
    }
    // Actors on one writer while the events are generated and written on the other.
    const actorRows = [actors.take(), persons.take(), roles.take()];
    await pool.submit(async (writer) => {
      await write(writer, actorRows);
      onProgress({ phase: "actors", done: shape.actors, total: shape.actors });
    });

    // Events: every tenth one a part of the one before (a press conference of a summit).
    const eventStarts: number[] = [];
    const eventParticipants: number[][] = [];
    const events = new Table("Event", [
      ["id", "int"],
      ["slug", "text"],
      ["title", "text"],
      ["kind", `"EventKind"`],
      ["status", `"EventStatus"`],
      ["statusBasis", `"FactBasis"`],
      ["description", "text"],
      ["startsAt", "timestamptz"],
      ["timeZone", "text"],
      ["timePrecision", `"TimePrecision"`],
      ["timeBasis", `"FactBasis"`],
      ["placeId", "int"],
      ["parentId", "int"],
    ]);
    const participants = new Table("EventParticipant", [
      ["eventId", "int"],
      ["actorId", "int"],
      ["role", `"ParticipantRole"`],
    ]);
    const yearMs = 365 * 24 * 3600 * 1000;
    const epoch = Date.UTC(2020, 0, 1);
    for (let i = 0; i < shape.events; i += 1) {
      const id = base.event + i;
      const start = epoch + Math.floor((random() * 5 * yearMs) / 60_000) * 60_000;
      eventStarts.push(start);
      const count = i === 0 ? HOT_EVENT.participants : 2 + Math.floor(random() * 9);
      const chosen = new Set<number>();
      while (chosen.size < count) chosen.add(speakerIndex(random, shape.actors));
      const members = [...chosen];
      eventParticipants.push(members);
      const sub = i % 10 === 9;
      events.add(
        id,
        `syn-event-${pad(i + 1)}`,
        `${capitalise(word(random))} ${i === 0 ? "summit" : "meeting"} on ${topicNames[i % topicNames.length]}`,
        i === 0 ? "SUMMIT" : EVENT_KINDS[i % EVENT_KINDS.length]!,
        "HELD",
        "SOURCE",
        "Synthetic event (generated test data).",
        new Date(start).toISOString(),
        "UTC",
        "MINUTE",
        "SOURCE",
        base.place + (i % shape.places),
        sub && i > 1 ? id - 1 : null,
      );
      members.forEach((member, index) =>
        participants.add(id, base.actor + member, index < 2 ? "PRINCIPAL" : "PARTICIPANT"),
      );
    }
    const eventRows = [events.take()];
    await pool.submit((writer) => write(writer, eventRows));
    // Participants refer to actors and events both.
    await pool.drain();
    await write(client, [participants.take()]);
    onProgress({ phase: "events", done: shape.events, total: shape.events });

    // Sources, each a text of sentences; every statement is the span of one of them.
    const totalStatements = shape.sources * shape.statementsPerSource;
    const speakerOf = new Int32Array(totalStatements);
    const topicOf = new Int32Array(totalStatements);
    const onHotEvent = new Uint8Array(totalStatements);
    const sources = new Table("Source", [
      ["id", "int"],
      ["slug", "text"],
      ["title", "text"],
      ["publisher", "text"],
      ["language", "text"],
      ["publishedOn", "date"],
      ["publishedOnBasis", `"FactBasis"`],
      ["note", "text"],
      ["text", "text"],
      ["textLength", "int"],
      ["sha256", "text"],
    ]);
    const statements = new Table("Statement", [
      ["id", "int"],
      ["key", "text"],
      ["kind", `"StatementKind"`],
      ["text", "text"],
      ["verb", "text"],
      ["speakerId", "int"],
      ["occasionId", "int"],
      ["saidAt", "timestamptz"],
      ["timeZone", "text"],
      ["timePrecision", `"TimePrecision"`],
      ["timeBasis", `"FactBasis"`],
      ["timeText", "text"],
      ["sourceId", "int"],
      ["start", "int"],
      ["end", "int"],
      ["exact", "text"],
      ["prefix", "text"],
      ["suffix", "text"],
    ]);
    const statementTopics = new Table("StatementTopic", [
      ["statementId", "int"],
      ["topicId", "int"],
    ]);
    const statementEvents = new Table("StatementEvent", [
      ["statementId", "int"],
      ["eventId", "int"],
    ]);
    let statementIndex = 0;
    let statementsWritten = 0;
    let statementsDone = 0;
    let batchTarget = batchSize(0, totalStatements, STATEMENT_BATCH.min, STATEMENT_BATCH.max);
    for (let i = 0; i < shape.sources; i += 1) {
      if (i % 8 === 0) await yieldToWriters();
      const sourceId = base.source + i;
      const publishedMs = epoch + Math.floor(random() * 5 * 365) * 86_400_000;
      const publishedOn = new Date(publishedMs).toISOString().slice(0, 10);
      let text = `Synthetic article ${i + 1}. Generated test data; every name in it is invented.\n\n`;
      const pending: unknown[][] = [];
      for (let j = 0; j < shape.statementsPerSource; j += 1, statementIndex += 1) {
        const hot = i === 0 && j < HOT_EVENT.statements;
        const speaker = hot ? eventParticipants[0]![j % HOT_EVENT.participants]! : speakerIndex(random, shape.actors);
        speakerOf[statementIndex] = speaker;
        const occasion = hot ? 0 : random() < 0.7 ? 1 + Math.floor(random() * (shape.events - 1)) : -1;
        onHotEvent[statementIndex] = hot ? 1 : 0;
        const topicCount = 1 + Math.floor(random() * 3);
        const chosenTopics = new Set<number>();
        while (chosenTopics.size < topicCount) chosenTopics.add(Math.floor(random() * shape.topics));
        const topicList = [...chosenTopics];
        topicOf[statementIndex] = topicList[0]!;
        const words: string[] = [];
        const length = 8 + Math.floor(random() * 10);
        for (let w = 0; w < length; w += 1) {
          const r = random();
          words.push(r < 0.3 ? FILLER[Math.floor(random() * FILLER.length)]! : word(random));
        }
        if (random() < 0.05) words.splice(Math.floor(random() * words.length), 0, COMMON_TERM);
        if (random() < 0.00005) words.splice(Math.floor(random() * words.length), 0, RARE_TERM);
        words.push("on", topicNames[topicList[0]!]!.toLowerCase());
        const claim = `${capitalise(words.join(" "))}.`;
        const name = actorNames[speaker]!;
        const direct = random() < 0.4;
        const verb = VERBS[Math.floor(random() * VERBS.length)]!;
        let start: number;
        let exact: string;
        if (direct) {
          text += `${name} ${verb}: "`;
          start = text.length;
          exact = claim;
          text += `${claim}" `;
        } else {
          start = text.length;
          exact = `${name} ${verb} that ${claim.charAt(0).toLowerCase()}${claim.slice(1, -1)}`;
          text += `${exact}. `;
        }
        if (j % 5 === 4) text += "\n\n";
        const saidAt = occasion >= 0 ? eventStarts[occasion]! + 30 * 60_000 : random() < 0.5 ? publishedMs : null;
        pending.push([
          base.statement + statementIndex,
          `syn-statement-${statementIndex + 1}`,
          direct ? "DIRECT_QUOTE" : "PARAPHRASE",
          direct ? exact : `${name} ${verb} that ${claim.charAt(0).toLowerCase()}${claim.slice(1)}`,
          verb,
          base.actor + speaker,
          occasion >= 0 ? base.event + occasion : null,
          saidAt === null ? null : new Date(saidAt).toISOString(),
          saidAt === null ? null : "UTC",
          saidAt === null ? null : occasion >= 0 ? "MINUTE" : "DAY",
          saidAt === null ? null : occasion >= 0 ? "DERIVED" : "SOURCE",
          saidAt === null || occasion >= 0 ? null : "today",
          sourceId,
          start,
          start + exact.length,
          exact,
        ]);
        for (const topic of topicList) statementTopics.add(base.statement + statementIndex, base.topic + topic);
        if (!hot && random() < 0.05) {
          statementEvents.add(
            base.statement + statementIndex,
            base.event + 1 + Math.floor(random() * (shape.events - 1)),
          );
        }
      }
      text = text.trimEnd() + "\n";
      for (const row of pending) {
        const start = row[13] as number;
        const end = row[14] as number;
        statements.add(...row, text.slice(Math.max(0, start - 32), start), text.slice(end, end + 32));
      }
      sources.add(
        sourceId,
        `syn-source-${pad(i + 1)}`,
        `Synthetic article ${i + 1}`,
        "Synthetic corpus (generated test data)",
        "en",
        publishedOn,
        "SOURCE",
        "Synthetic: generated by `npm run corpus`; not a real article.",
        text,
        text.length,
        createHash("sha256").update(text, "utf8").digest("hex"),
      );
      if (statements.pending >= batchTarget || i === shape.sources - 1) {
        // The statements and their counts commit first, so a speaker's row is locked only briefly.
        const batch = [sources.take(), statements.take()];
        const links = [statementTopics.take(), statementEvents.take()];
        const rows = statementIndex - statementsWritten;
        statementsWritten = statementIndex;
        batchTarget = batchSize(
          statementsWritten,
          totalStatements - statementsWritten,
          STATEMENT_BATCH.min,
          STATEMENT_BATCH.max,
        );
        await pool.submit(async (writer) => {
          await write(writer, batch);
          await write(writer, links);
          statementsDone += rows;
          onProgress({ phase: "statements", done: statementsDone, total: totalStatements });
        });
      }
    }
    await pool.drain();

    // Positions, each evidenced by one to three statements of its holder; the hot event's six
    // are the only ones its statements evidence.
    const bySpeaker = new Map<number, number[]>();
    for (let s = 0; s < totalStatements; s += 1) {
      if (onHotEvent[s]) continue;
      const list = bySpeaker.get(speakerOf[s]!);
      if (list) list.push(s);
      else bySpeaker.set(speakerOf[s]!, [s]);
    }
    const positions = new Table("Position", [
      ["id", "int"],
      ["key", "text"],
      ["holderId", "int"],
      ["topicId", "int"],
      ["stance", `"Stance"`],
      ["summary", "text"],
      ["conditions", "text[]"],
      ["asOf", "date"],
      ["asOfBasis", `"FactBasis"`],
    ]);
    const evidence = new Table("PositionEvidence", [
      ["positionId", "int"],
      ["statementId", "int"],
    ]);
    let positionsWritten = 0;
    let positionsDone = 0;
    let positionTarget = batchSize(0, shape.positions, POSITION_BATCH.min, POSITION_BATCH.max);
    for (let p = 0; p < shape.positions; p += 1) {
      if (p % 256 === 0) await yieldToWriters();
      const id = base.position + p;
      let chosen: number[];
      if (p < HOT_EVENT.positions) {
        chosen = [p];
      } else {
        const drawn = Math.floor(random() * totalStatements);
        const anchor = onHotEvent[drawn] ? drawn + HOT_EVENT.statements : drawn;
        const own = bySpeaker.get(speakerOf[anchor]!) ?? [];
        const extra = Math.floor(random() * 3);
        chosen = [anchor];
        for (let e = 0; e < extra && own.length > 1; e += 1) {
          const pick = own[Math.floor(random() * own.length)]!;
          if (!chosen.includes(pick)) chosen.push(pick);
        }
      }
      const holder = speakerOf[chosen[0]!]!;
      const topic = topicOf[chosen[0]!]!;
      const stance = STANCES[Math.floor(random() * STANCES.length)]!;
      const asOf = new Date(epoch + Math.floor(random() * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
      positions.add(
        id,
        `syn-position-${p + 1}`,
        base.actor + holder,
        base.topic + topic,
        stance,
        `${actorNames[holder]} ${stance.toLowerCase()} on ${topicNames[topic]!.toLowerCase()} (synthetic).`,
        stance === "CONDITIONAL" ? `{"A synthetic condition on ${topicNames[topic]!.toLowerCase()}."}` : "{}",
        asOf,
        "DERIVED",
      );
      for (const s of chosen) evidence.add(id, base.statement + s);
      if (positions.pending >= positionTarget || p === shape.positions - 1) {
        const batch = [positions.take(), evidence.take()];
        const rows = p + 1 - positionsWritten;
        positionsWritten = p + 1;
        positionTarget = batchSize(
          positionsWritten,
          shape.positions - positionsWritten,
          POSITION_BATCH.min,
          POSITION_BATCH.max,
        );
        await pool.submit(async (writer) => {
          await write(writer, batch);
          positionsDone += rows;
          onProgress({ phase: "positions", done: positionsDone, total: shape.positions });
        });
      }
    }
    await pool.drain();

    // Explicit ids were written; the sequences must continue after them.
    for (const table of ["Topic", "Place", "Actor", "Role", "Event", "Source", "Statement", "Position"]) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT COALESCE(max(id), 1) FROM "${table}"))`,
      );
    }
    // Statistics for the planner, the visibility map for index-only scans, and the full-text
    // indexes' pending entries merged (until then every search scans them one by one): every
    // user table, the largest first, one at a time on each writer.
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables
       ORDER BY pg_total_relation_size(relid) DESC, relid`,
    );
    let vacuumed = 0;
    onProgress({ phase: "vacuum", done: 0, total: tables.length });
    for (const { name } of tables) {
      await pool.submit(async (writer) => {
        await writer.query(`VACUUM ANALYZE ${name}`);
        vacuumed += 1;
        onProgress({ phase: "vacuum", done: vacuumed, total: tables.length });
      });
    }
    await pool.drain();
    const seconds = (Date.now() - started) / 1000;
    return {
      size,
      topics: shape.topics,
      actors: shape.actors,
      events: shape.events,
      sources: shape.sources,
      statements: totalStatements,
      positions: shape.positions,
      seconds,
      statementsPerSecond: Math.round(totalStatements / seconds),
      hotEvent: HOT_EVENT_SLUG,
      busiestSpeaker: BUSIEST_SPEAKER_SLUG,
    };
  } finally {
    try {
      await writers?.close();
    } finally {
      await client.end();
    }
  }
}
