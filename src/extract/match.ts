/**
 * A draft's actors matched to the actors already stored: one the database has under the same
 * slug, or under the same name, or sharing any name with it (a stored actor's `names`, the
 * draft's own), case aside, takes the stored slug, so the draft's statements join that actor's
 * when imported. Each match is left for review with what it rests on; a name several stored
 * actors share is not matched but flagged with them.
 */
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { DraftBundle, ReviewFlag } from "./draft";

/** How sure a match is: the same slug (and a name in common), the same name, or another name in common. */
export const MATCH_CONFIDENCE = { slug: 1, name: 0.9, alias: 0.8 } as const;

/**
 * Stored actors read per name sought: enough to tell one from several, and to show a few; a name
 * thousands share ("John Smith") costs a few rows, not thousands.
 */
export const CANDIDATES_PER_NAME = 6;

interface StoredActor {
  slug: string;
  name: string;
  names: string[];
  kind: string;
  /** The keys (name_key) of `name` and then of each of `names`, in that order. */
  keys: string[];
}

type Match =
  | { by: "slug" | "name" | "alias"; actor: StoredActor; shared: string }
  | { by: "ambiguous"; via: "name" | "alias"; actors: StoredActor[]; capped: boolean }
  | { by: "slugOnly"; actor: StoredActor };

const describe = (a: StoredActor) => `"${a.slug}" (${a.name}, ${a.kind})`;

/** The stored spelling of the first of a stored actor's names whose key is among `keys`. */
const sharedName = (actor: StoredActor, keys: Set<string>) =>
  [actor.name, ...actor.names][actor.keys.findIndex((k) => keys.has(k))] ?? actor.name;

export async function matchStoredActors(db: Db, draft: DraftBundle): Promise<DraftBundle> {
  if (draft.actors.length === 0) return draft;
  const ownNames = draft.actors.map((a) => [a.name, ...(a.names ?? [])]);
  const sought = [...new Set(ownNames.flat())];
  // The database says how names compare (name_key), so this and its index agree.
  const [{ keys: soughtKeys }] = await db.$queryRaw<[{ keys: string[] }]>`
    SELECT array(SELECT name_key(n) FROM unnest(${sought}::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i) AS keys`;
  const keyOf = new Map(sought.map((n, i) => [n, soughtKeys[i]!]));
  const stored = await db.$queryRaw<StoredActor[]>`
    WITH found AS (
      SELECT a.id FROM "Actor" a WHERE a.slug = ANY(${draft.actors.map((a) => a.slug)}::text[])
      UNION
      SELECT c.id FROM unnest(name_keys(${sought}::text[])) AS k(key), LATERAL (
        SELECT a.id FROM "Actor" a WHERE name_keys(array_prepend(a."name", a."names")) && ARRAY[k.key] LIMIT ${Prisma.raw(String(CANDIDATES_PER_NAME))}
      ) c
    )
    SELECT a.slug, a.name, a.names, a.kind::text AS kind,
      array(SELECT name_key(n) FROM unnest(array_prepend(a.name, a.names)) WITH ORDINALITY AS u(n, i) ORDER BY i) AS keys
    FROM "Actor" a JOIN found USING (id) ORDER BY a.slug`;
  const bySlug = new Map(stored.map((a) => [a.slug, a]));

  const matches = draft.actors.map((actor, index): Match | undefined => {
    const nameKey = keyOf.get(actor.name)!;
    const keys = new Set(ownNames[index]!.map((n) => keyOf.get(n)!));
    const shares = (a: StoredActor) => a.keys.some((k) => keys.has(k));
    const sameSlug = bySlug.get(actor.slug);
    if (sameSlug && shares(sameSlug)) return { by: "slug", actor: sameSlug, shared: sharedName(sameSlug, keys) };
    for (const via of ["name", "alias"] as const) {
      const found = stored.filter((a) => (via === "name" ? a.keys[0] === nameKey : shares(a)));
      if (found.length === 1) return { by: via, actor: found[0]!, shared: sharedName(found[0]!, keys) };
      if (found.length > 1) {
        // A name read up to the cap may be shared by more actors than were read.
        const capped = [...keys].some((k) => stored.filter((a) => a.keys.includes(k)).length >= CANDIDATES_PER_NAME);
        return { by: "ambiguous", via, actors: found, capped };
      }
    }
    return sameSlug ? { by: "slugOnly", actor: sameSlug } : undefined;
  });

  // One draft actor per stored one: those keeping their slug first, then the surest match.
  const claimed = new Map<string, number>();
  draft.actors.forEach((actor, index) => {
    const match = matches[index];
    if (!match || match.by === "slug" || match.by === "slugOnly" || match.by === "ambiguous")
      claimed.set(actor.slug, index);
  });
  const order = draft.actors
    .map((_, index) => index)
    .filter((index) => matches[index]?.by === "name" || matches[index]?.by === "alias")
    .sort((a, b) => (matches[a]!.by === matches[b]!.by ? a - b : matches[a]!.by === "name" ? -1 : 1));
  const renamed = new Map<string, string>();
  const notes = new Map<number, ReviewFlag>();
  const flag = (index: number, message: string) =>
    notes.set(index, { path: `actors[${index}]`, flag: "MATCHED_ACTOR", message });
  for (const index of order) {
    const actor = draft.actors[index]!;
    const match = matches[index] as { by: "name" | "alias"; actor: StoredActor; shared: string };
    const rests = match.by === "name" ? "by name" : `by the name "${match.shared}" they share`;
    const holder = claimed.get(match.actor.slug);
    if (holder !== undefined) {
      flag(
        index,
        `matches the stored actor ${describe(match.actor)} ${rests}, confidence ${MATCH_CONFIDENCE[match.by]}, but actors[${holder}] has that slug already: not matched; merge the two, or keep "${actor.slug}"`,
      );
      continue;
    }
    claimed.set(match.actor.slug, index);
    renamed.set(actor.slug, match.actor.slug);
    flag(
      index,
      `matched to the stored actor ${describe(match.actor)} ${rests}, confidence ${MATCH_CONFIDENCE[match.by]}; the draft proposed "${actor.slug}": check it is the same`,
    );
  }
  draft.actors.forEach((actor, index) => {
    const match = matches[index];
    if (match?.by === "slug") {
      const rests =
        match.actor.keys[0] === keyOf.get(actor.name) ? "slug and name" : `slug and the name "${match.shared}"`;
      flag(
        index,
        `matches the stored actor ${describe(match.actor)} by ${rests}, confidence ${MATCH_CONFIDENCE.slug}: keep it, or give this actor another slug`,
      );
    } else if (match?.by === "slugOnly") {
      flag(
        index,
        `the stored actor ${describe(match.actor)} has this slug but no name in common: imported, this actor would join it; give this actor another slug unless it is the same`,
      );
    } else if (match?.by === "ambiguous") {
      const named = match.via === "name" ? `named "${actor.name}"` : "sharing a name with it";
      flag(
        index,
        `${match.capped ? "at least " : ""}${match.actors.length} stored actors ${named}: ${match.actors.map(describe).join(", ")}; not matched: give the right one's slug, or keep "${actor.slug}" for a new actor`,
      );
    }
  });
  if (notes.size === 0) return draft;
  const slugOf = (slug: string) => renamed.get(slug) ?? slug;
  return {
    ...draft,
    actors: draft.actors.map((actor) => ({ ...actor, slug: slugOf(actor.slug) })),
    roles: draft.roles.map((role) => ({
      ...role,
      person: slugOf(role.person),
      ...(role.organization == null ? {} : { organization: slugOf(role.organization) }),
    })),
    statements: draft.statements.map((s) => (s.speaker === null ? s : { ...s, speaker: slugOf(s.speaker) })),
    // A stored actor's NEW_ACTOR flag gives way to its match; an actor without one gets it added.
    review: [
      ...draft.review.map((flag) => {
        const index = /^actors\[(\d+)\]$/.exec(flag.path)?.[1];
        const match = index === undefined ? undefined : notes.get(Number(index));
        if (!match || flag.flag !== "NEW_ACTOR") return flag;
        notes.delete(Number(index));
        return match;
      }),
      ...notes.values(),
    ],
  };
}
