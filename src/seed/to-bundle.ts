import type { BundleInput } from "../bundle/schema";
import { BUNDLE_FORMAT, BUNDLE_VERSION } from "../bundle/schema";
import type { ContextFile } from "./context-file";
import { locateSpan } from "./span";

const day = (value: Date | null) => (value === null ? undefined : value.toISOString().slice(0, 10));
const instant = (value: Date | null) => (value === null ? undefined : value.toISOString());

/** Drops null fields, which a bundle leaves out. */
function present<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null)) as never;
}

/**
 * A span as a bundle gives it: the exact words with their offsets, so the bundle checks itself;
 * words the text lacks are left for the bundle's own check to report, naming the statement.
 */
function spanOf(text: string, exact: string, occurrence: number | undefined) {
  try {
    const { start, end } = locateSpan(text, exact, occurrence);
    return { exact, start, end };
  } catch {
    return { exact };
  }
}

/** The context bundle a hand-written context file describes (`npm run bundles`). */
export function contextFileToBundle(file: ContextFile, schemaPath: string): BundleInput {
  const { text } = file.source;
  return {
    ...(schemaPath ? { $schema: schemaPath } : {}),
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    source: present({ ...file.source, publishedOn: day(file.source.publishedOn) ?? null }),
    places: file.places.map(present),
    actors: file.actors.map(({ roles: _roles, person, ...actor }) =>
      present({ ...actor, person: person === null ? null : present(person) }),
    ),
    topics: file.topics.map(present),
    events: file.events.map(({ participants, startsAt, ...event }) =>
      present({ ...event, startsAt: instant(startsAt) ?? null, participants: participants.map(present) }),
    ),
    roles: file.actors.flatMap((actor) =>
      actor.roles.map(({ exact, occurrence, startDate, endDate, ...role }) =>
        present({
          person: actor.slug,
          ...role,
          startDate: day(startDate) ?? null,
          endDate: day(endDate) ?? null,
          span: exact === null ? null : spanOf(text, exact, occurrence),
        }),
      ),
    ),
    statements: file.statements.map(({ exact, occurrence, saidAt, text: said, kind, ...statement }) =>
      present({
        ...statement,
        kind,
        // A direct quote's text is its exact words, which the bundle states once.
        text: kind === "DIRECT_QUOTE" ? null : said,
        span: spanOf(text, exact, occurrence),
        saidAt: instant(saidAt) ?? null,
      }),
    ),
    positions: file.positions.map(({ asOf, ...position }) => present({ ...position, asOf: day(asOf) })),
  };
}
