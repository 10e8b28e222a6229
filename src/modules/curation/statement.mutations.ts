import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import { lockSource } from "../../ingest/ingest";
import { statementSchema } from "../../bundle/schema";
import { isMismatch } from "../../bundle/span";
import { precisionMismatch } from "../../bundle/time";
import { fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import type { StatementRecord } from "../statement/statement.service";
import { Revision } from "../revision/revision.type";
import { Statement } from "../statement/statement.type";
import type { Tx, Write } from "./curate";
import {
  checked,
  checkVersion,
  curate,
  fieldError,
  fromInput,
  idOfSlug,
  idSet,
  idsOfSlugs,
  lockOwningSource,
  slugFinders,
  sourceText,
  spanError,
  changedMeanwhile,
} from "./curate";
import { StatementChanges, StatementInput } from "./statement.inputs";

@ObjectType({ description: "What a delete did: the entity is gone, and its last state is kept in the history." })
export class Deletion {
  @Field(() => ID, { description: "The deleted entity's ID; `node(id:)` answers NOT_FOUND for it from now on." })
  id!: string;

  @Field(() => Revision, {
    description: "The revision that records the deletion; `tombstone(id:)` has the deleted state.",
  })
  revision!: Revision;
}

/** A delete's answer: the ID, and the revision that recorded it (committed, so readable). */
export async function deletion(context: Context, id: string, revision: number | null): Promise<Deletion> {
  return { id, revision: (await context.loaders.revision.byId.load(revision!)) as unknown as Revision };
}

type StatementRow = NonNullable<Awaited<ReturnType<typeof loadStatement>>>;

/** A stored statement with its links, in one query. */
function loadStatement(tx: Tx, id: number) {
  return tx.statement.findUnique({
    where: { id },
    include: {
      speaker: { select: { slug: true } },
      occasion: { select: { slug: true } },
      topics: { select: { topic: { select: { id: true, slug: true } } } },
      about: { select: { event: { select: { id: true, slug: true } } } },
    },
  });
}

/** The stored statement in the bundle format's shape, so a change is checked whole, as an import would be. */
function asBundleStatement(row: StatementRow) {
  return {
    key: row.key,
    kind: row.kind,
    speaker: row.speaker.slug,
    verb: row.verb,
    text: row.text,
    span: { exact: row.exact, start: row.start, end: row.end },
    occasion: row.occasion?.slug ?? null,
    saidAt: row.saidAt?.toISOString() ?? null,
    timeZone: row.timeZone,
    timePrecision: row.timePrecision,
    timeBasis: row.timeBasis,
    timeText: row.timeText,
    about: row.about.map((link) => link.event.slug),
    topics: row.topics.map((link) => link.topic.slug),
  };
}

/**
 * Writes a checked statement's columns and links: `current` is the stored row for an update.
 * Every slug must name a stored entity; the span is verified against the source's text.
 */
async function writeStatement(
  { tx, log }: Write,
  sourceId: number,
  wanted: Record<string, unknown>,
  current: StatementRow | undefined,
  spanGiven: boolean,
): Promise<number> {
  const s = checked(statementSchema, wanted);
  const mismatch =
    s.saidAt && s.timePrecision && precisionMismatch(new Date(s.saidAt), s.timeZone ?? null, s.timePrecision);
  if (mismatch) throw fieldError("input.saidAt", mismatch);
  const find = slugFinders(tx);
  const speakerId = (await idOfSlug(find.actor, "actor", s.speaker, "input.speaker"))!;
  const occasionId = await idOfSlug(find.event, "event", s.occasion, "input.occasion");
  const about = idSet((await idsOfSlugs(find.event, "event", s.about, "input.about")).values());
  const topics = idSet((await idsOfSlugs(find.topic, "topic", s.topics, "input.topics")).values());
  let span = current && {
    start: current.start,
    end: current.end,
    exact: current.exact,
    prefix: current.prefix,
    suffix: current.suffix,
  };
  if (!current || spanGiven) {
    const resolved = (await sourceText(tx, sourceId)).resolve(s.span);
    if (isMismatch(resolved)) throw spanError(resolved.message, resolved.expected, resolved.found);
    span = resolved;
  }
  const columns = {
    kind: s.kind,
    text: s.text ?? span!.exact,
    verb: s.verb ?? null,
    speakerId,
    occasionId,
    saidAt: s.saidAt == null ? null : new Date(s.saidAt),
    timeZone: s.timeZone ?? null,
    timePrecision: s.timePrecision ?? null,
    timeBasis: s.timeBasis ?? null,
    timeText: s.timeText ?? null,
    ...span!,
  };
  if (!current) {
    const row = await tx.statement.create({ data: { ...columns, key: s.key, sourceId } });
    if (topics.length > 0)
      await tx.statementTopic.createMany({ data: topics.map((topicId) => ({ statementId: row.id, topicId })) });
    if (about.length > 0)
      await tx.statementEvent.createMany({ data: about.map((eventId) => ({ statementId: row.id, eventId })) });
    log.created("Statement", row, { topics, about });
    return row.id;
  }
  const topicsBefore = idSet(current.topics.map((link) => link.topic.id));
  const aboutBefore = idSet(current.about.map((link) => link.event.id));
  const links = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  if (JSON.stringify(topicsBefore) !== JSON.stringify(topics)) {
    await tx.statementTopic.deleteMany({ where: { statementId: current.id } });
    await tx.statementTopic.createMany({ data: topics.map((topicId) => ({ statementId: current.id, topicId })) });
    Object.assign(links.before, { topics: topicsBefore });
    Object.assign(links.after, { topics });
  }
  if (JSON.stringify(aboutBefore) !== JSON.stringify(about)) {
    await tx.statementEvent.deleteMany({ where: { statementId: current.id } });
    await tx.statementEvent.createMany({ data: about.map((eventId) => ({ statementId: current.id, eventId })) });
    Object.assign(links.before, { about: aboutBefore });
    Object.assign(links.after, { about });
  }
  // The version in the WHERE clause: a concurrent write since `current` was read makes this match nothing.
  const { count } = await tx.statement.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...columns, version: { increment: 1 } },
  });
  if (count === 0) {
    const now = await tx.statement.findUniqueOrThrow({ where: { id: current.id }, select: { version: true } });
    checkVersion("The statement", now, current.version);
  }
  if (speakerId !== current.speakerId) {
    // The history names the speakers by slug too, so a correction reads without a lookup.
    Object.assign(links.before, { speaker: current.speaker.slug });
    Object.assign(links.after, { speaker: s.speaker });
  }
  const after = await tx.statement.findUniqueOrThrow({ where: { id: current.id } });
  const { speaker: _s, occasion: _o, topics: _t, about: _a, ...before } = current;
  log.updated("Statement", before, after, links);
  return current.id;
}

/** The stored statement of a global ID at the version the client read, or NOT_FOUND / CONFLICT. */
async function currentStatement(tx: Tx, id: string, version: number): Promise<StatementRow> {
  const rowId = fromGlobalIdOf("Statement", id);
  // The source's lock before the row is read: an import of the source cannot change it meanwhile.
  const owner = await tx.statement.findUnique({ where: { id: rowId }, select: { sourceId: true } });
  if (owner) await lockOwningSource(tx, owner.sourceId);
  const row = await loadStatement(tx, rowId);
  if (!row) throw new NotFoundError("Statement", "ID", id);
  checkVersion("The statement", row, version);
  return row;
}

@Resolver()
export class StatementMutations {
  @RequireScope("context:curate")
  @Mutation(() => Statement, {
    description:
      "Adds a statement to a stored source, its span verified against the source's text. Needs context:curate. A later import of the source's bundle, changed, removes statements the bundle does not list.",
  })
  async createStatement(
    @Arg("source", { description: "The slug of the source that carries the statement." }) source: string,
    @Arg("input", () => StatementInput) input: StatementInput,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<StatementRecord> {
    const { value: id } = await curate(context.db, context.principal!, "createStatement", reason, async (write) => {
      const stored = await write.tx.source.findUnique({ where: { slug: source }, select: { id: true } });
      if (!stored) throw new NotFoundError("Source", "slug", source);
      await lockSource(write.tx, source);
      const taken = await write.tx.statement.findUnique({
        where: { sourceId_key: { sourceId: stored.id, key: input.key } },
        select: { id: true },
      });
      if (taken) {
        throw new ConflictError(`The source "${source}" has a statement with key "${input.key}" already.`, {
          argumentName: "input",
          field: "input.key",
          existing: toGlobalId("Statement", taken.id),
        });
      }
      return writeStatement(write, stored.id, fromInput(input), undefined, true);
    });
    return context.loaders.statement.byId.load(id) as Promise<StatementRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Statement, {
    description:
      "Changes a statement's fields; `version` must be the one you read (else CONFLICT, and nothing is written). Needs context:curate.",
  })
  async updateStatement(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: "The statement's `version` as you read it." }) version: number,
    @Arg("input", () => StatementChanges) input: StatementChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<StatementRecord> {
    const { value: rowId } = await curate(context.db, context.principal!, "updateStatement", reason, async (write) => {
      const current = await currentStatement(write.tx, id, version);
      const changes = fromInput(input);
      const wanted: Record<string, unknown> = { ...asBundleStatement(current), ...changes };
      // A quote's text is its exact words: a new span brings its own, unless the text is given too.
      if (wanted.kind === "DIRECT_QUOTE" && changes.span !== undefined && changes.text === undefined)
        wanted.text = null;
      if (changes.about === null) wanted.about = [];
      if (changes.topics === null) wanted.topics = [];
      return writeStatement(write, current.sourceId, wanted, current, input.span != null);
    });
    return context.loaders.statement.byId.load(rowId) as Promise<StatementRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Statement, {
    description:
      "Corrects who said a statement (a misattributed quote): the history records the correction with its reason. Needs context:curate.",
  })
  async reattributeStatement(
    @Arg("id", () => ID) id: string,
    @Arg("speaker", { description: "The slug of the actor who said it." }) speaker: string,
    @Arg("version", () => Int, { description: "The statement's `version` as you read it." }) version: number,
    @Arg("reason", { description: "Why the attribution was wrong, for the history (required)." }) reason: string,
    @Ctx() context: Context,
  ): Promise<StatementRecord> {
    const { value: rowId } = await curate(
      context.db,
      context.principal!,
      "reattributeStatement",
      reason,
      async (write) => {
        const current = await currentStatement(write.tx, id, version);
        return writeStatement(write, current.sourceId, { ...asBundleStatement(current), speaker }, current, false);
      },
    );
    return context.loaders.statement.byId.load(rowId) as Promise<StatementRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description:
      "Deletes a statement; its last state stays readable in the history (`tombstone`). Refused (CONFLICT) while a position cites it as evidence. Needs context:curate.",
  })
  async deleteStatement(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: "The statement's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(
      context.db,
      context.principal!,
      "deleteStatement",
      reason,
      async ({ tx, log }) => {
        const current = await currentStatement(tx, id, version);
        const citing = await tx.positionEvidence.findMany({
          where: { statementId: current.id },
          select: { position: { select: { key: true, source: { select: { slug: true } } } } },
          take: 10,
        });
        if (citing.length > 0) {
          const named = citing
            .map(({ position }) => `"${position.source?.slug ?? "curated"}/${position.key}"`)
            .join(", ");
          throw new ConflictError(
            `The statement is evidence for ${citing.length === 10 ? "10 or more positions" : `position ${named}`}; change their evidence first.`,
            { positions: citing.map(({ position }) => `${position.source?.slug ?? "curated"}/${position.key}`) },
          );
        }
        const { count } = await tx.statement.deleteMany({ where: { id: current.id, version: current.version } });
        if (count === 0) throw changedMeanwhile("The statement");
        const { speaker: _s, occasion: _o, topics, about, ...row } = current;
        log.deleted("Statement", row, {
          topics: idSet(topics.map((link) => link.topic.id)),
          about: idSet(about.map((link) => link.event.id)),
        });
      },
    );
    return deletion(context, id, revision);
  }
}
