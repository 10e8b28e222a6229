import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;
type Json = Record<string, unknown>;

/** Columns kept by triggers or derived from others: not part of what a write changed. */
const DERIVED = new Set(["search", "statementCount", "reportedAt", "eventStartsAt", "bundleDigest", "version"]);

/** A source's text lives in SourceRevision; its change shows as sha256 and textRevision. */
const OMITTED: Record<string, Set<string>> = { Source: new Set(["text"]) };

/** A row as a revision records it: column values, dates as ISO 8601 strings. */
export function snapshot(entityType: string, row: object): Json {
  const out: Json = {};
  for (const [field, value] of Object.entries(row)) {
    if (DERIVED.has(field) || OMITTED[entityType]?.has(field)) continue;
    out[field] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

interface Change {
  entityType: string;
  entityId: number;
  action: "CREATE" | "UPDATE" | "DELETE";
  version: number;
  before: Json | null;
  after: Json | null;
}

/**
 * The changes one write makes, entity by entity, saved as one Revision in the write's own
 * transaction. For an update only the fields that changed are kept, before and after; a create
 * keeps every field after, a delete every field before, so a deleted entity stays readable.
 */
export class RevisionLog {
  private readonly changes = new Map<string, Change>();

  private static id(entityType: string, entityId: number): string {
    return `${entityType}:${entityId}`;
  }

  get size(): number {
    return this.changes.size;
  }

  /** Whether any change changes something: a create, a delete, or an update of at least one field. */
  get changesAnything(): boolean {
    return [...this.changes.values()].some(
      (change) => change.action !== "UPDATE" || Object.keys(change.after ?? {}).length > 0,
    );
  }

  isCreated(entityType: string, entityId: number): boolean {
    return this.changes.get(RevisionLog.id(entityType, entityId))?.action === "CREATE";
  }

  created(entityType: string, row: { id: number; version: number }, extra: Json = {}): void {
    this.changes.set(RevisionLog.id(entityType, row.id), {
      entityType,
      entityId: row.id,
      action: "CREATE",
      version: row.version,
      before: null,
      after: { ...snapshot(entityType, row), ...extra },
    });
  }

  updated(
    entityType: string,
    before: { id: number },
    after: { id: number; version: number },
    extra: { before: Json; after: Json } = { before: {}, after: {} },
  ): void {
    const old = snapshot(entityType, before);
    const now = snapshot(entityType, after);
    const changedBefore: Json = { ...extra.before };
    const changedAfter: Json = { ...extra.after };
    for (const field of Object.keys(now)) {
      if (JSON.stringify(old[field]) !== JSON.stringify(now[field])) {
        changedBefore[field] = old[field] ?? null;
        changedAfter[field] = now[field] ?? null;
      }
    }
    this.patch(entityType, after.id, changedBefore, changedAfter, after.version);
  }

  /** Adds field changes to an entity's change in this write, or starts one (then `version` is needed). */
  patch(entityType: string, entityId: number, before: Json, after: Json, version?: number): void {
    const existing = this.changes.get(RevisionLog.id(entityType, entityId));
    if (existing) {
      if (existing.action === "CREATE") Object.assign(existing.after!, after);
      else {
        existing.before = { ...before, ...existing.before };
        existing.after = { ...existing.after, ...after };
      }
      if (version !== undefined) existing.version = version;
      return;
    }
    if (version === undefined) throw new Error(`no version for the change of ${entityType} ${entityId}`);
    this.changes.set(RevisionLog.id(entityType, entityId), {
      entityType,
      entityId,
      action: "UPDATE",
      version,
      before,
      after,
    });
  }

  deleted(entityType: string, row: { id: number; version: number }, extra: Json = {}): void {
    this.changes.set(RevisionLog.id(entityType, row.id), {
      entityType,
      entityId: row.id,
      action: "DELETE",
      version: row.version,
      before: { ...snapshot(entityType, row), ...extra },
      after: null,
    });
  }

  /** Saves the Revision and its changes; null, and nothing saved, when nothing changed. */
  async save(
    tx: Tx,
    revision: {
      apiKeyId: number | null;
      author: string;
      operation: string;
      bundleDigest?: string;
      sourceSlug?: string;
      reason?: string;
    },
  ): Promise<number | null> {
    if (this.changes.size === 0) return null;
    const { id } = await tx.revision.create({ data: revision, select: { id: true } });
    const rows = [...this.changes.values()].map((change) => ({
      revisionId: id,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      version: change.version,
      before: (change.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (change.after ?? undefined) as Prisma.InputJsonValue | undefined,
    }));
    for (let i = 0; i < rows.length; i += 1_000) await tx.revisionChange.createMany({ data: rows.slice(i, i + 1_000) });
    return id;
  }
}
