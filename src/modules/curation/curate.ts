/**
 * What every curation mutation shares: one transaction holding the change and its revision,
 * version checks (optimistic concurrency), input checked against the bundle format's own rules
 * (src/bundle/schema.ts), and slugs turned into rows or a clear error.
 */
import type { z } from "zod";
import type { Principal } from "../../auth/keys";
import type { Db } from "../../db/client";
import { BadUserInputError, brokenRule, clip, ConflictError, ErrorCode } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";
import { lockSource } from "../../ingest/ingest";
export { lockName } from "../../db/locks";
import { RevisionLog } from "../../ingest/revisions";
import { GraphQLError } from "graphql";
import { SourceText } from "../../bundle/span";

export type Tx = Prisma.TransactionClient;

/** Thrown to roll back a write that changed nothing, carrying its answer. */
class NothingChanged extends Error {
  constructor(readonly value: unknown) {
    super("nothing changed");
  }
}

/** Longest reason a write may give; the history keeps it. */
export const MAX_REASON_LENGTH = 2_000;

export interface Write {
  tx: Tx;
  log: RevisionLog;
}

/**
 * Runs `change` in one transaction and records what it logged as one Revision, by `principal`,
 * through `operation`, with `reason`. The change and its record are written together or not at all;
 * the answer has the revision's number. A write that would change nothing (an update to the
 * stored values) is rolled back: no version is spent and no revision kept, and the number is null.
 */
export async function curate<T>(
  db: Db,
  principal: Principal,
  operation: string,
  reason: string | null | undefined,
  change: (write: Write) => Promise<T>,
): Promise<{ value: T; revision: number | null }> {
  if (reason != null && (reason.trim().length === 0 || reason.length > MAX_REASON_LENGTH)) {
    throw new BadUserInputError(`A reason is 1 to ${MAX_REASON_LENGTH} characters of text.`, "reason");
  }
  return db
    .$transaction(async (tx) => {
      const log = new RevisionLog();
      const value = await change({ tx, log });
      // An update to what is stored already: rolled back, so no version is spent and no revision kept.
      if (!log.changesAnything) throw new NothingChanged(value);
      const revision = await log.save(tx, {
        apiKeyId: principal.keyId,
        author: principal.name,
        operation,
        reason: reason?.trim() ?? undefined,
      });
      return { value, revision };
    })
    .catch((error: unknown) => {
      if (error instanceof NothingChanged) return { value: error.value as T, revision: null };
      // Checks made in the transaction cannot see a concurrent write's uncommitted rows; the
      // database's own rules then refuse it, and the client hears why.
      const rule = brokenRule(error);
      if (rule?.kind === "unique") {
        throw new ConflictError(
          "Another write stored the same slug or key at the same time; nothing was written. Read again, and retry if it is still needed.",
        );
      }
      if (rule?.kind === "reference") {
        throw new ConflictError(
          "A row this write refers to, or that refers to what it changes, was changed by another write at the same time; nothing was written. Read again, and retry if it is still needed.",
        );
      }
      if (rule?.kind === "check") {
        throw new BadUserInputError(
          `The change breaks a rule the database keeps: ${clip(rule.message)}. Nothing was written.`,
        );
      }
      throw error;
    });
}

/** The error of a stale `version`: someone changed the entity since it was read. */
export function staleVersion(entity: string, stored: number, sent: number): ConflictError {
  return new ConflictError(
    `${entity} is at version ${stored}, not ${sent}: it was changed since you read it. Read it again, and apply your change to what it is now.`,
    { storedVersion: stored, sentVersion: sent, argumentName: "version" },
  );
}

/** Throws CONFLICT unless the stored version is the one sent back. */
export function checkVersion(entity: string, stored: { version: number }, sent: number): void {
  if (stored.version !== sent) throw staleVersion(entity, stored.version, sent);
}

/**
 * The error for input the bundle format refuses: each problem with the field it is in,
 * `input.span.exact` style, in `extensions.problems`, and the first in the message.
 */
export function invalidInput(error: z.ZodError, argumentName = "input"): GraphQLError {
  const problems = error.issues.slice(0, 20).map((issue) => ({
    field: [argumentName, ...issue.path.map(String)].join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]"),
    message: issue.message,
  }));
  const first = problems[0]!;
  return new GraphQLError(`${first.field}: ${first.message}.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName, field: first.field, problems },
  });
}

/** Parses `value` with `schema`, or throws BAD_USER_INPUT naming the fields. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, argumentName = "input"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, argumentName);
  return parsed.data;
}

/** BAD_USER_INPUT about one field of the input, `input.saidAt` style. */
export function fieldError(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: field.split(/[.[]/)[0], field },
  });
}

/** The field's error when a slug names nothing. */
export function unknownSlug(kind: string, slug: string, field: string): GraphQLError {
  return fieldError(field, `no ${kind} has slug "${clip(slug)}"`);
}

type FindBySlugs = (slugs: string[]) => Promise<{ id: number; slug: string }[]>;

/** The ids of slugs, in one query; each must exist, or the error names `field[index]`. */
export async function idsOfSlugs(
  find: FindBySlugs,
  kind: string,
  slugs: readonly string[],
  field: string,
): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const ids = new Map((await find([...new Set(slugs)])).map((row) => [row.slug, row.id]));
  const index = slugs.findIndex((slug) => !ids.has(slug));
  if (index >= 0) throw unknownSlug(kind, slugs[index]!, `${field}[${index}]`);
  return ids;
}

/** The id of one slug, which must exist, or null for no slug. */
export async function idOfSlug(
  find: FindBySlugs,
  kind: string,
  slug: string | null | undefined,
  field: string,
): Promise<number | null> {
  if (slug == null) return null;
  const [row] = await find([slug]);
  if (!row) throw unknownSlug(kind, slug, field);
  return row.id;
}

/**
 * How far rows referring to an entity are counted to refuse its deletion: a popular actor's
 * half a million statements are not all counted to say it has some.
 */
export const USE_COUNT_CAP = 1_000;

/** The number of rows a capped lookup found (`take: USE_COUNT_CAP`). */
export async function countUpTo(rows: Promise<unknown[]>): Promise<number> {
  return (await rows).length;
}

/** "statements (3), positions (1000 or more)", for a refusal. */
export function describeUses(uses: Record<string, number>): string {
  return Object.entries(uses)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${what} (${n >= USE_COUNT_CAP ? `${USE_COUNT_CAP} or more` : n})`)
    .join(", ");
}

/**
 * Takes the import lock of the source owning a row (its statements, positions, roles), so that a
 * curator's write and an import of that source run one after the other; none for a curated row.
 */
export async function lockOwningSource(tx: Tx, sourceId: number | null): Promise<void> {
  if (sourceId === null) return;
  const source = await tx.source.findUnique({ where: { id: sourceId }, select: { slug: true } });
  if (source) await lockSource(tx, source.slug);
}

/** Sorted, distinct ids, as links are compared and recorded. */
export function idSet(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** GraphQL input (DateTime as a Date, fields left out) in the bundle format's terms. */
export function fromInput(input: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[field] =
      value instanceof Date
        ? value.toISOString()
        : value !== null && typeof value === "object" && !Array.isArray(value)
          ? fromInput(value)
          : value;
  }
  return out;
}

/** Slug look-ups inside the write's transaction, as `idOfSlug` and `idsOfSlugs` take them. */
export function slugFinders(tx: Tx) {
  const select = { id: true, slug: true } as const;
  return {
    actor: (slugs: string[]) => tx.actor.findMany({ where: { slug: { in: slugs } }, select }),
    event: (slugs: string[]) => tx.event.findMany({ where: { slug: { in: slugs } }, select }),
    place: (slugs: string[]) => tx.place.findMany({ where: { slug: { in: slugs } }, select }),
    topic: (slugs: string[]) => tx.topic.findMany({ where: { slug: { in: slugs } }, select }),
  };
}

/** The CONFLICT of a write whose version check in its WHERE clause matched nothing. */
export function changedMeanwhile(entity: string): ConflictError {
  return new ConflictError(`${entity} was changed since you read it; read it again.`);
}

/** The error of a span its source's text does not hold. */
export function spanError(message: string, expected?: string, found?: string): GraphQLError {
  return new GraphQLError(`input.span: ${message}.`, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      argumentName: "input",
      field: "input.span",
      ...(expected === undefined ? {} : { expected }),
      ...(found === undefined ? {} : { found }),
    },
  });
}

/** A source's current text, to find and check spans in. */
export async function sourceText(tx: Tx, sourceId: number): Promise<SourceText> {
  const { text } = await tx.source.findUniqueOrThrow({ where: { id: sourceId }, select: { text: true } });
  return new SourceText(text);
}

/** A `YYYY-MM-DD` date as the database keeps it (midnight UTC), or null. */
export const dayOf = (value: string | null | undefined): Date | null =>
  value == null ? null : new Date(`${value}T00:00:00Z`);
