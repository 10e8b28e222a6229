/**
 * A draft's actors matched to the actors already stored: one the database has under the same
 * slug, or under the same name (case aside), takes the stored slug, so the draft's statements
 * join that actor's when imported. Each match is left for review with what it rests on.
 */
import type { Db } from "../db/client";
import type { DraftBundle, ReviewFlag } from "./draft";

/** How sure a match is: the same slug, or only the same name. */
export const MATCH_CONFIDENCE = { slug: 1, name: 0.9 } as const;

const key = (name: string) => name.trim().toLocaleLowerCase("en");

export async function matchStoredActors(db: Db, draft: DraftBundle): Promise<DraftBundle> {
  if (draft.actors.length === 0) return draft;
  const stored = await db.actor.findMany({
    where: {
      OR: [
        { slug: { in: draft.actors.map((a) => a.slug) } },
        { name: { in: draft.actors.map((a) => a.name), mode: "insensitive" } },
      ],
    },
    select: { slug: true, name: true, kind: true },
  });
  const bySlug = new Map(stored.map((a) => [a.slug, a]));
  const byName = new Map<string, typeof stored>();
  for (const actor of stored) byName.set(key(actor.name), [...(byName.get(key(actor.name)) ?? []), actor]);

  const renamed = new Map<string, string>();
  const notes = new Map<number, ReviewFlag>();
  draft.actors.forEach((actor, index) => {
    const sameSlug = bySlug.get(actor.slug);
    const sameName = byName.get(key(actor.name)) ?? [];
    if (sameSlug && key(sameSlug.name) === key(actor.name)) {
      notes.set(index, {
        path: `actors[${index}]`,
        flag: "MATCHED_ACTOR",
        message: `matches the stored actor "${sameSlug.slug}" (${sameSlug.name}, ${sameSlug.kind}) by slug and name, confidence ${MATCH_CONFIDENCE.slug}: keep it, or give this actor another slug`,
      });
    } else if (sameName.length === 1) {
      const match = sameName[0]!;
      renamed.set(actor.slug, match.slug);
      notes.set(index, {
        path: `actors[${index}]`,
        flag: "MATCHED_ACTOR",
        message: `matched to the stored actor "${match.slug}" (${match.name}, ${match.kind}) by name, confidence ${MATCH_CONFIDENCE.name}; the draft proposed "${actor.slug}": check it is the same`,
      });
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
    // A stored actor's NEW_ACTOR flag gives way to its match.
    review: draft.review.flatMap((flag) => {
      const index = /^actors\[(\d+)\]$/.exec(flag.path)?.[1];
      const match = index === undefined ? undefined : notes.get(Number(index));
      if (!match) return [flag];
      return flag.flag === "NEW_ACTOR" ? [match] : [flag];
    }),
  };
}
