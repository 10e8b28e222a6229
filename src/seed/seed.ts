import { createHash } from "node:crypto";
import path from "node:path";
import { projectRoot } from "../config";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { ContextFile } from "./context-file";
import { readContextFile } from "./context-file";
import { codePointLength, locateSpan } from "./span";

export const DEFAULT_CONTEXT_FILE = path.join(projectRoot, "seed", "anchorage-summit.context.yaml");

type Tx = Prisma.TransactionClient;

export interface SeedSummary {
  source: string;
  places: number;
  actors: number;
  topics: number;
  events: number;
  statements: number;
  positions: number;
  /** False when the same file had been loaded already, and nothing was written. */
  changed: boolean;
}

/**
 * Writes a context file into the database in one transaction: everything or nothing.
 * Rows are matched by slug or key, so running it again changes nothing.
 */
export async function seedContext(db: Db, file: ContextFile): Promise<SeedSummary> {
  // The file as read, every reference resolved: the same context written twice has one digest.
  const digest = createHash("sha256").update(JSON.stringify(file), "utf8").digest("hex");
  return db.$transaction(
    async (tx) => {
      // Locked, so two servers starting at once load it once, the second finding it unchanged.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`context:${file.source.slug}`}))`;
      const last = await tx.source.findUnique({ where: { slug: file.source.slug }, select: { bundleDigest: true } });
      if (last?.bundleDigest === digest) return { ...countsOf(file), changed: false };
      const summary = await writeContext(tx, file);
      await tx.source.update({ where: { slug: file.source.slug }, data: { bundleDigest: digest } });
      return summary;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** What a context file holds, as a summary of loading it. */
function countsOf(file: ContextFile): Omit<SeedSummary, "changed"> {
  return {
    source: file.source.slug,
    places: file.places.length,
    actors: file.actors.length,
    topics: file.topics.length,
    events: file.events.length,
    statements: file.statements.length,
    positions: file.positions.length,
  };
}

export async function seedDefault(db: Db): Promise<SeedSummary> {
  return seedContext(db, readContextFile(DEFAULT_CONTEXT_FILE));
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`unresolved reference "${key}"`);
  return id;
}

async function writeContext(tx: Tx, file: ContextFile): Promise<SeedSummary> {
  const { text } = file.source;
  const sourceData = {
    ...file.source,
    textLength: codePointLength(text),
    sha256: createHash("sha256").update(text, "utf8").digest("hex"),
  };
  const source = await tx.source.upsert({ where: { slug: sourceData.slug }, create: sourceData, update: sourceData });
  const spanOf = (at: string, exact: string, occurrence: number | undefined) => {
    try {
      return { sourceId: source.id, ...locateSpan(text, exact, occurrence) };
    } catch (error) {
      throw new Error(`${at}: ${(error as Error).message}`);
    }
  };

  const placeIds = new Map<string, number>();
  for (const place of file.places) {
    const row = await tx.place.upsert({ where: { slug: place.slug }, create: place, update: place });
    placeIds.set(place.slug, row.id);
  }

  const actorIds = new Map<string, number>();
  for (const { roles: _roles, person, ...actor } of file.actors) {
    const row = await tx.actor.upsert({ where: { slug: actor.slug }, create: actor, update: actor });
    actorIds.set(actor.slug, row.id);
    if (person)
      await tx.person.upsert({ where: { actorId: row.id }, create: { actorId: row.id, ...person }, update: person });
  }
  for (const actor of file.actors) {
    const personId = idOf(actorIds, actor.slug);
    for (const { organization, exact, occurrence, ...role } of actor.roles) {
      const data = {
        ...role,
        organizationId: organization === null ? null : idOf(actorIds, organization),
        ...(exact === null
          ? { sourceId: null, start: null, end: null, exact: null, prefix: null, suffix: null }
          : spanOf(`role "${role.title}" of ${actor.slug}`, exact, occurrence)),
      };
      const existing = await tx.role.findFirst({ where: { personId, title: role.title, sourceId: data.sourceId } });
      if (existing) await tx.role.update({ where: { id: existing.id }, data });
      else await tx.role.create({ data: { personId, ...data } });
    }
  }

  const topicIds = new Map<string, number>();
  for (const topic of file.topics) {
    const row = await tx.topic.upsert({ where: { slug: topic.slug }, create: topic, update: topic });
    topicIds.set(topic.slug, row.id);
  }

  const eventIds = new Map<string, number>();
  for (const { place, parent: _parent, participants: _participants, ...event } of file.events) {
    const data = { ...event, placeId: place === null ? null : idOf(placeIds, place) };
    const row = await tx.event.upsert({ where: { slug: event.slug }, create: data, update: data });
    eventIds.set(event.slug, row.id);
  }
  for (const event of file.events) {
    const eventId = idOf(eventIds, event.slug);
    const parentId = event.parent === null ? null : idOf(eventIds, event.parent);
    await tx.event.update({ where: { id: eventId }, data: { parentId } });
    await tx.eventParticipant.deleteMany({ where: { eventId } });
    await tx.eventParticipant.createMany({
      data: event.participants.map((p) => ({ eventId, actorId: idOf(actorIds, p.actor), role: p.role, note: p.note })),
    });
  }

  const statementIds = new Map<string, number>();
  for (const { speaker, occasion, about, topics, exact, occurrence, ...statement } of file.statements) {
    const data = {
      ...statement,
      ...spanOf(`statement ${statement.key}`, exact, occurrence),
      speakerId: idOf(actorIds, speaker),
      occasionId: occasion === null ? null : idOf(eventIds, occasion),
    };
    const row = await tx.statement.upsert({
      where: { sourceId_key: { sourceId: source.id, key: statement.key } },
      create: data,
      update: data,
    });
    statementIds.set(statement.key, row.id);
    await tx.statementTopic.deleteMany({ where: { statementId: row.id } });
    await tx.statementTopic.createMany({
      data: topics.map((slug) => ({ statementId: row.id, topicId: idOf(topicIds, slug) })),
    });
    await tx.statementEvent.deleteMany({ where: { statementId: row.id } });
    await tx.statementEvent.createMany({
      data: about.map((slug) => ({ statementId: row.id, eventId: idOf(eventIds, slug) })),
    });
  }

  for (const { holder, topic, evidence, ...position } of file.positions) {
    const data = {
      ...position,
      sourceId: source.id,
      holderId: idOf(actorIds, holder),
      topicId: idOf(topicIds, topic),
    };
    const row = await tx.position.upsert({
      where: { sourceId_key: { sourceId: source.id, key: position.key } },
      create: data,
      update: data,
    });
    await tx.positionEvidence.deleteMany({ where: { positionId: row.id } });
    await tx.positionEvidence.createMany({
      data: evidence.map((key) => ({ positionId: row.id, statementId: idOf(statementIds, key) })),
    });
  }

  // The file is the whole truth about its source: what it no longer lists goes.
  await tx.position.deleteMany({
    where: {
      key: { notIn: file.positions.map((p) => p.key) },
      evidence: { some: { statement: { sourceId: source.id } } },
    },
  });
  await tx.statement.deleteMany({ where: { sourceId: source.id, key: { notIn: [...statementIds.keys()] } } });
  await tx.role.deleteMany({
    where: {
      sourceId: source.id,
      NOT: {
        OR: file.actors.flatMap((a) => a.roles.map((r) => ({ personId: idOf(actorIds, a.slug), title: r.title }))),
      },
    },
  });

  return {
    source: source.slug,
    places: placeIds.size,
    actors: actorIds.size,
    topics: topicIds.size,
    events: eventIds.size,
    statements: statementIds.size,
    positions: file.positions.length,
    changed: true,
  };
}
