import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import { positionSchema } from "../../bundle/schema";
import { toLocalDate } from "../../common/dates";
import { fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import type { PositionRecord } from "../position/position.service";
import { Position } from "../position/position.type";
import type { Tx, Write } from "./curate";
import {
  changedMeanwhile,
  checked,
  checkVersion,
  curate,
  dayOf,
  fieldError,
  fromInput,
  idOfSlug,
  idSet,
  lockName,
  slugFinders,
  lockOwningSource,
} from "./curate";
import { PositionChanges, PositionInput } from "./position.inputs";
import { Deletion, deletion } from "./statement.mutations";

type PositionRow = NonNullable<Awaited<ReturnType<typeof loadPosition>>>;

function loadPosition(tx: Tx, id: number) {
  return tx.position.findUnique({
    where: { id },
    include: {
      holder: { select: { slug: true } },
      topic: { select: { slug: true } },
      evidence: { select: { statementId: true } },
    },
  });
}

async function currentPosition(tx: Tx, id: string, version: number): Promise<PositionRow> {
  const rowId = fromGlobalIdOf("Position", id);
  // A source's position: its import lock first, so an import of the source cannot change it meanwhile.
  const owner = await tx.position.findUnique({ where: { id: rowId }, select: { sourceId: true } });
  if (owner) await lockOwningSource(tx, owner.sourceId);
  const row = await loadPosition(tx, rowId);
  if (!row) throw new NotFoundError("Position", "ID", id);
  checkVersion("The position", row, version);
  return row;
}

const evidenceOf = (row: PositionRow) => idSet(row.evidence.map((link) => link.statementId));

function asBundlePosition(row: PositionRow) {
  return {
    key: row.key,
    holder: row.holder.slug,
    topic: row.topic.slug,
    stance: row.stance,
    summary: row.summary,
    conditions: row.conditions,
    asOf: toLocalDate(row.asOf),
    asOfBasis: row.asOfBasis,
    evidence: evidenceOf(row).map((statementId) => toGlobalId("Statement", statementId)),
  };
}

/** The statement ids of evidence given as global IDs; each must name a stored statement. */
async function evidenceIds(tx: Tx, evidence: readonly string[]): Promise<number[]> {
  const ids = evidence.map((id, i) => {
    try {
      return fromGlobalIdOf("Statement", id);
    } catch {
      throw fieldError(`input.evidence[${i}]`, `"${id}" is not a Statement's ID`);
    }
  });
  const stored = new Set(
    (await tx.statement.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((s) => s.id),
  );
  const missing = ids.findIndex((id) => !stored.has(id));
  if (missing >= 0) throw fieldError(`input.evidence[${missing}]`, `no statement has ID "${evidence[missing]}"`);
  return idSet(ids);
}

/** Writes a checked position and its evidence: `current` is the stored row for an update. */
async function writePosition(
  { tx, log }: Write,
  wanted: Record<string, unknown>,
  current: PositionRow | undefined,
): Promise<number> {
  const p = checked(positionSchema, wanted);
  if (p.asOf == null)
    throw fieldError("input.asOf", "a curated position has no source to date it; give asOf and asOfBasis");
  const find = slugFinders(tx);
  const columns = {
    holderId: (await idOfSlug(find.actor, "actor", p.holder, "input.holder"))!,
    topicId: (await idOfSlug(find.topic, "topic", p.topic, "input.topic"))!,
    stance: p.stance,
    summary: p.summary,
    conditions: p.conditions,
    asOf: dayOf(p.asOf)!,
    asOfBasis: p.asOfBasis!,
  };
  const evidence = await evidenceIds(tx, p.evidence);
  if (!current) {
    // The unique index on (sourceId, key) treats NULL sources as distinct: the check is ours, under a lock.
    await lockName(tx, `curated-position:${p.key}`);
    const taken = await tx.position.findFirst({ where: { sourceId: null, key: p.key }, select: { id: true } });
    if (taken) {
      throw new ConflictError(`A curated position has key "${p.key}" already.`, {
        argumentName: "input",
        field: "input.key",
        existing: toGlobalId("Position", taken.id),
      });
    }
    const row = await tx.position.create({ data: { ...columns, key: p.key, sourceId: null } });
    await tx.positionEvidence.createMany({
      data: evidence.map((statementId) => ({ positionId: row.id, statementId })),
    });
    log.created("Position", row, { evidence });
    return row.id;
  }
  const before = evidenceOf(current);
  const links = { before: {}, after: {} };
  if (JSON.stringify(before) !== JSON.stringify(evidence)) {
    await tx.positionEvidence.deleteMany({ where: { positionId: current.id } });
    await tx.positionEvidence.createMany({
      data: evidence.map((statementId) => ({ positionId: current.id, statementId })),
    });
    Object.assign(links, { before: { evidence: before }, after: { evidence } });
  }
  const { count } = await tx.position.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...columns, version: { increment: 1 } },
  });
  if (count === 0) throw changedMeanwhile("The position");
  const after = await tx.position.findUniqueOrThrow({ where: { id: current.id } });
  const { holder: _h, topic: _t, evidence: _e, ...row } = current;
  log.updated("Position", row, after, links);
  return current.id;
}

@Resolver()
export class PositionMutations {
  @RequireScope("context:curate")
  @Mutation(() => Position, {
    description:
      "Adds a curator's position (one without a source), evidenced by stored statements; its key must be unique among curated positions. Needs context:curate.",
  })
  async createPosition(
    @Arg("input", () => PositionInput, { description: "The new position's fields." }) input: PositionInput,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<PositionRecord> {
    const { value: id } = await curate(context.db, context.principal!, "createPosition", reason, (write) =>
      writePosition(write, fromInput(input), undefined),
    );
    return context.loaders.position.byId.load(id) as Promise<PositionRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Position, {
    description:
      "Changes a position; `version` must be the one you read (else CONFLICT, and nothing is written). Evidence given replaces the list. Needs context:curate.",
  })
  async updatePosition(
    @Arg("id", () => ID, { description: "The position's ID." }) id: string,
    @Arg("version", () => Int, { description: "The position's `version` as you read it." }) version: number,
    @Arg("input", () => PositionChanges, { description: "The fields to change." }) input: PositionChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<PositionRecord> {
    const { value: rowId } = await curate(context.db, context.principal!, "updatePosition", reason, async (write) => {
      const current = await currentPosition(write.tx, id, version);
      return writePosition(write, { ...asBundlePosition(current), ...fromInput(input) }, current);
    });
    return context.loaders.position.byId.load(rowId) as Promise<PositionRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description:
      "Deletes a position and its evidence links (the statements stay); its last state stays in the history. Needs context:curate.",
  })
  async deletePosition(
    @Arg("id", () => ID, { description: "The position's ID." }) id: string,
    @Arg("version", () => Int, { description: "The position's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(context.db, context.principal!, "deletePosition", reason, async ({ tx, log }) => {
      const current = await currentPosition(tx, id, version);
      const { count } = await tx.position.deleteMany({ where: { id: current.id, version } });
      if (count === 0) throw changedMeanwhile("The position");
      const { holder: _h, topic: _t, evidence: _e, ...row } = current;
      log.deleted("Position", row, { evidence: evidenceOf(current) });
    });
    return deletion(context, id, revision);
  }
}
