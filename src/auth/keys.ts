/**
 * API keys: who may write. A key is 256 random bits, written `nck_` and 43 base64url
 * characters; only its SHA-256 digest is stored, with a visible prefix to tell keys apart.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";

/** What a key may do. Reads need no key. */
export const SCOPES = ["context:write", "context:curate", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** What each scope grants besides itself: a curator may import, an admin may do everything. */
const IMPLIED: Record<Scope, readonly Scope[]> = {
  "context:write": [],
  "context:curate": ["context:write"],
  admin: ["context:write", "context:curate"],
};

/** What each scope is for, as the CLI and the schema describe it. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "context:write": "import context bundles (importContext)",
  "context:curate": "create, update and delete single entities and correct them (implies context:write)",
  admin: "create, list and revoke API keys (implies every other scope)",
};

export const KEY_PREFIX = "nck_";
/** "nck_" and the first 8 characters of the random part. */
const SHOWN_LENGTH = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^nck_[A-Za-z0-9_-]{43}$/;
export const MAX_KEY_NAME_LENGTH = 100;

/** The key a request was made with, as the resolvers see it. */
export interface Principal {
  keyId: number;
  name: string;
  prefix: string;
  scopes: Scope[];
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Whether a key's scopes grant `scope`, directly or through a broader one. */
export function grants(scopes: readonly Scope[], scope: Scope): boolean {
  return scopes.some((held) => held === scope || IMPLIED[held].includes(scope));
}

export function digestOf(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Why a key name or scope list is refused, or undefined when both are fine. */
export function keyRequestProblem(name: string, scopes: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'A key needs a name saying who or what uses it (e.g. "newsroom pipeline").';
  if (trimmed.length > MAX_KEY_NAME_LENGTH) return `A key's name takes at most ${MAX_KEY_NAME_LENGTH} characters.`;
  if (scopes.length === 0) return `A key needs at least one scope: ${SCOPES.join(", ")}.`;
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    return `Unknown scope ${unknown.map((scope) => `"${scope.slice(0, 40)}"`).join(", ")}; the scopes are ${SCOPES.join(", ")}.`;
  }
  return undefined;
}

export interface ApiKeyRecord {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

const RECORD = { id: true, name: true, prefix: true, scopes: true, createdAt: true, revokedAt: true } as const;

function record(row: Omit<ApiKeyRecord, "scopes"> & { scopes: string[] }): ApiKeyRecord {
  return { ...row, scopes: row.scopes.filter(isScope) };
}

/** Makes a key; the key itself is in the answer only, never stored. Check `keyRequestProblem` first. */
export async function createApiKey(
  db: Db,
  name: string,
  scopes: readonly Scope[],
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiKey.create({
    data: {
      name: name.trim(),
      prefix: key.slice(0, SHOWN_LENGTH),
      digest: digestOf(key),
      scopes: [...new Set(scopes)],
    },
    select: RECORD,
  });
  return { key, record: record(row) };
}

export async function findApiKey(db: Db, id: number): Promise<ApiKeyRecord | undefined> {
  const row = await db.apiKey.findUnique({ where: { id }, select: RECORD });
  return row ? record(row) : undefined;
}

export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  const rows = await db.apiKey.findMany({ select: RECORD, orderBy: { id: "asc" } });
  return rows.map(record);
}

/**
 * Revokes the key with this id or prefix; answers it (already revoked keys keep their first
 * revocation time), or undefined when there is none.
 */
export async function revokeApiKey(db: Db, which: number | string): Promise<ApiKeyRecord | undefined> {
  const where = typeof which === "number" ? { id: which } : { prefix: which };
  const found = await db.apiKey.findUnique({ where, select: RECORD });
  if (!found) return undefined;
  if (found.revokedAt) return record(found);
  return record(await db.apiKey.update({ where, data: { revokedAt: new Date() }, select: RECORD }));
}

/** The principal a presented key stands for, or undefined for a malformed, unknown or revoked key. */
export async function authenticate(db: Db, key: string): Promise<Principal | undefined> {
  if (!KEY_PATTERN.test(key)) return undefined;
  const row = await db.apiKey.findUnique({
    where: { digest: digestOf(key) },
    select: { id: true, name: true, prefix: true, scopes: true, revokedAt: true },
  });
  if (!row || row.revokedAt) return undefined;
  return { keyId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes.filter(isScope) };
}
