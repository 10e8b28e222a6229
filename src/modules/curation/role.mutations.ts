import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import { roleSchema, spanSchema } from "../../bundle/schema";
import { isMismatch } from "../../bundle/span";
import { toLocalDate } from "../../common/dates";
import { fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import type { Role as RoleRow } from "../../generated/prisma/client";
import type { RoleRecord } from "../actor/actor.service";
import { Role } from "../actor/actor.type";
import type { Write, Tx } from "./curate";
import {
  changedMeanwhile,
  checked,
  checkVersion,
  curate,
  dayOf,
  fieldError,
  fromInput,
  idOfSlug,
  lockName,
  slugFinders,
  sourceText,
  spanError,
  unknownSlug,
  lockOwningSource,
} from "./curate";
import { RoleChanges, RoleInput } from "./role.inputs";
import { Deletion, deletion } from "./statement.mutations";

/** The bundle's role, whose span a curated role (one without a source) does not have. */
const curatedRoleSchema = roleSchema.extend({ span: spanSchema.nullish() });

type RoleWithLinks = NonNullable<Awaited<ReturnType<typeof loadRole>>>;

function loadRole(tx: Tx, id: number) {
  return tx.role.findUnique({
    where: { id },
    include: { person: { select: { actor: { select: { slug: true } } } }, organization: { select: { slug: true } } },
  });
}

async function currentRole(tx: Tx, id: string, version: number): Promise<RoleWithLinks> {
  const rowId = fromGlobalIdOf("Role", id);
  // A source's role: its import lock first, so an import of the source cannot change it meanwhile.
  const owner = await tx.role.findUnique({ where: { id: rowId }, select: { sourceId: true } });
  if (owner) await lockOwningSource(tx, owner.sourceId);
  const row = await loadRole(tx, rowId);
  if (!row) throw new NotFoundError("Role", "ID", id);
  checkVersion("The role", row, version);
  return row;
}

function asBundleRole(row: RoleWithLinks) {
  return {
    person: row.person.actor.slug,
    title: row.title,
    organization: row.organization?.slug ?? null,
    startDate: toLocalDate(row.startDate),
    endDate: toLocalDate(row.endDate),
    spanBasis: row.spanBasis,
    note: row.note,
    span:
      row.exact === null
        ? null
        : { exact: row.exact, start: row.start, end: row.end, prefix: row.prefix, suffix: row.suffix },
  };
}

/**
 * Writes a checked role: `current` is the stored row for an update. A role with a source has a
 * span verified against the source's text; one without (a curator's) has none. A person holds a
 * title once per source, and once among curated roles (checked here: the unique index does not
 * cover a NULL source).
 */
async function writeRole(
  { tx, log }: Write,
  sourceId: number | null,
  wanted: Record<string, unknown>,
  current: RoleWithLinks | undefined,
  spanGiven: boolean,
): Promise<number> {
  const r = checked(curatedRoleSchema, wanted);
  if (sourceId === null && r.span != null)
    throw fieldError("input.span", "a role without a source has no span; give `source` to cite one");
  if (sourceId !== null && r.span == null)
    throw fieldError("input.span", "a role from a source needs the span where the source names it");
  const find = slugFinders(tx);
  const person = await tx.actor.findUnique({ where: { slug: r.person }, select: { id: true, kind: true } });
  if (!person) throw unknownSlug("actor", r.person, "input.person");
  if (person.kind !== "PERSON")
    throw fieldError("input.person", `"${r.person}" is a ${person.kind}; only persons hold roles`);
  const organizationId = await idOfSlug(find.actor, "actor", r.organization, "input.organization");
  if (!current || current.title !== r.title) {
    if (sourceId === null) await lockName(tx, `curated-role:${person.id}:${r.title}`);
    const taken = await tx.role.findFirst({
      where: { sourceId, personId: person.id, title: r.title },
      select: { id: true },
    });
    if (taken) {
      throw new ConflictError(
        `"${r.person}" holds a role titled "${r.title}" ${sourceId === null ? "among curated roles" : "in this source"} already.`,
        {
          argumentName: "input",
          field: "input.title",
          existing: toGlobalId("Role", taken.id),
        },
      );
    }
  }
  let span: Pick<RoleRow, "start" | "end" | "exact" | "prefix" | "suffix"> = {
    start: current?.start ?? null,
    end: current?.end ?? null,
    exact: current?.exact ?? null,
    prefix: current?.prefix ?? null,
    suffix: current?.suffix ?? null,
  };
  if (sourceId !== null && (!current || spanGiven)) {
    const resolved = (await sourceText(tx, sourceId)).resolve(r.span!);
    if (isMismatch(resolved)) throw spanError(resolved.message, resolved.expected, resolved.found);
    span = resolved;
  }
  const columns = {
    title: r.title,
    organizationId,
    startDate: dayOf(r.startDate),
    endDate: dayOf(r.endDate),
    spanBasis: r.spanBasis ?? null,
    note: r.note ?? null,
    ...span,
  };
  if (!current) {
    const row = await tx.role.create({ data: { ...columns, personId: person.id, sourceId } });
    log.created("Role", row);
    return row.id;
  }
  const { count } = await tx.role.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...columns, version: { increment: 1 } },
  });
  if (count === 0) throw changedMeanwhile("The role");
  const after = await tx.role.findUniqueOrThrow({ where: { id: current.id } });
  const { person: _p, organization: _o, ...before } = current;
  log.updated("Role", before, after);
  return current.id;
}

@Resolver()
export class RoleMutations {
  @RequireScope("context:curate")
  @Mutation(() => Role, {
    description:
      "Adds a role a person holds. Without `source` it is a curator's role, with no span; with `source` it is that source's, its span verified against the source's text (and a later import of that source's bundle, changed, removes it unless the bundle lists it). Needs context:curate.",
  })
  async createRole(
    @Arg("input", () => RoleInput, { description: "The new role's fields." }) input: RoleInput,
    @Arg("source", () => String, {
      nullable: true,
      description: "The slug of the source that names the role, if one does; give `input.span` with it.",
    })
    source: string | null,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<RoleRecord> {
    const { value: id } = await curate(context.db, context.principal!, "createRole", reason, async (write) => {
      let sourceId: number | null = null;
      if (source != null) {
        const stored = await write.tx.source.findUnique({ where: { slug: source }, select: { id: true } });
        if (!stored) throw new NotFoundError("Source", "slug", source);
        await lockOwningSource(write.tx, stored.id);
        sourceId = stored.id;
      }
      return writeRole(write, sourceId, fromInput(input), undefined, true);
    });
    return context.loaders.actor.roleById.load(id) as Promise<RoleRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Role, {
    description:
      "Changes a role; `version` must be the one you read (else CONFLICT, and nothing is written). Needs context:curate.",
  })
  async updateRole(
    @Arg("id", () => ID, { description: "The role's ID." }) id: string,
    @Arg("version", () => Int, { description: "The role's `version` as you read it." }) version: number,
    @Arg("input", () => RoleChanges, { description: "The fields to change." }) input: RoleChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<RoleRecord> {
    const { value: rowId } = await curate(context.db, context.principal!, "updateRole", reason, async (write) => {
      const current = await currentRole(write.tx, id, version);
      const wanted = { ...asBundleRole(current), ...fromInput(input) };
      return writeRole(write, current.sourceId, wanted, current, input.span != null);
    });
    return context.loaders.actor.roleById.load(rowId) as Promise<RoleRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description: "Deletes a role; its last state stays in the history. Needs context:curate.",
  })
  async deleteRole(
    @Arg("id", () => ID, { description: "The role's ID." }) id: string,
    @Arg("version", () => Int, { description: "The role's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(context.db, context.principal!, "deleteRole", reason, async ({ tx, log }) => {
      const current = await currentRole(tx, id, version);
      const { count } = await tx.role.deleteMany({ where: { id: current.id, version } });
      if (count === 0) throw changedMeanwhile("The role");
      const { person: _p, organization: _o, ...row } = current;
      log.deleted("Role", row);
    });
    return deletion(context, id, revision);
  }
}
