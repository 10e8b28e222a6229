import { createHash } from "node:crypto";
import type { z } from "zod";
import { clip } from "../errors";
import type { Bundle, BundleSpan } from "./schema";
import { bundleSchema } from "./schema";
import type { ResolvedSpan } from "./span";
import { isMismatch, SourceText } from "./span";
import { precisionMismatch } from "./time";

/** One thing wrong with a bundle: where, what, and for a span what was expected against what was found. */
export interface BundleProblem {
  path: string;
  message: string;
  expected?: string;
  found?: string;
}

/** How many problems one refusal lists; past these the bundle has a systematic fault. */
const MAX_PROBLEMS = 50;

/** A bundle that is not valid: every problem found, up to MAX_PROBLEMS. Nothing was written. */
export class BundleError extends Error {
  override name = "BundleError";
  constructor(readonly problems: BundleProblem[]) {
    const first = problems[0];
    super(
      `The bundle was refused, nothing was written: ${problems.length}${problems.length >= MAX_PROBLEMS ? "+" : ""} problem${problems.length === 1 ? "" : "s"}.` +
        (first ? ` First: ${describeProblem(first)}` : ""),
    );
  }
}

export function describeProblem(problem: BundleProblem): string {
  const shown = [
    problem.expected === undefined ? undefined : `expected "${clip(problem.expected)}"`,
    problem.found === undefined ? undefined : `found "${clip(problem.found)}"`,
  ].filter(Boolean);
  return `${problem.path}: ${problem.message}${shown.length ? ` (${shown.join(", ")})` : ""}.`;
}

/** A statement's reference to a statement another source owns, "source-slug/key". */
export interface ForeignKeyRef {
  source: string;
  key: string;
}

/** A valid bundle, its spans resolved against its text, ready to be written. */
export interface PreparedBundle {
  bundle: Bundle;
  /** Lowercase hex SHA-256 of the bundle as canonical JSON: equal for the same content in any key order. */
  digest: string;
  text: SourceText;
  statementSpans: ResolvedSpan[];
  roleSpans: ResolvedSpan[];
  /** Slugs the bundle refers to without defining them: they must exist already. */
  external: { places: string[]; actors: string[]; topics: string[]; events: string[] };
}

/** JSON with object keys sorted and absent (or null) optional fields dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined && item !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, item]) => `${JSON.stringify(k)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function pathOf(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    out += typeof segment === "number" ? `[${segment}]` : out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out || "bundle";
}

/**
 * How long the checks run before giving the event loop a turn: a bundle at the limits takes
 * seconds to check, and the server must keep answering (health checks, other requests) meanwhile.
 */
const SLICE_MS = 10;

/** How long span checks may take in all, by default; an honest bundle at the limits takes a few seconds. */
export const VERIFY_TIMEOUT_MS = 60_000;

export interface PrepareOptions {
  /** How long resolving the spans may take before the bundle is refused (default VERIFY_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Parses and checks a bundle: its shape, its cross-references, its times and every span. The
 * spans are resolved in slices of SLICE_MS, yielding to the event loop between them.
 */
export async function prepareBundle(input: unknown, options: PrepareOptions = {}): Promise<PreparedBundle> {
  const flags = (input as { review?: unknown } | null)?.review;
  if (Array.isArray(flags) && flags.length > 0) {
    throw new BundleError(
      flags.slice(0, MAX_PROBLEMS).map((flag: { path?: unknown; flag?: unknown; message?: unknown }) => ({
        path: typeof flag?.path === "string" ? flag.path : "review",
        message: `clear the review flags first: ${String(flag?.flag)} ${String(flag?.message)}`,
      })),
    );
  }
  const parsed = bundleSchema.safeParse(input);
  if (!parsed.success) throw new BundleError(zodProblems(parsed.error, input));
  const bundle = parsed.data;
  const problems: BundleProblem[] = [];
  const problem = (path: string, message: string, more: Partial<BundleProblem> = {}) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, message, ...more });
  };
  const unique = (list: string, values: string[]) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (seen.has(value)) problem(`${list}[${index}]`, `"${value}" appears twice in ${list}`);
      seen.add(value);
    });
    return seen;
  };
  const places = unique(
    "places",
    bundle.places.map((p) => p.slug),
  );
  const actors = unique(
    "actors",
    bundle.actors.map((a) => a.slug),
  );
  const topics = unique(
    "topics",
    bundle.topics.map((t) => t.slug),
  );
  const events = unique(
    "events",
    bundle.events.map((e) => e.slug),
  );
  const statements = unique(
    "statements",
    bundle.statements.map((s) => s.key),
  );
  unique(
    "positions",
    bundle.positions.map((p) => p.key),
  );
  unique(
    "roles",
    bundle.roles.map((r) => `${r.person} as ${r.title}`),
  );

  const external = {
    places: new Set<string>(),
    actors: new Set<string>(),
    topics: new Set<string>(),
    events: new Set<string>(),
  };
  const refer = (kind: keyof typeof external, known: Set<string>, slug: string | null | undefined) => {
    if (slug != null && !known.has(slug)) external[kind].add(slug);
  };
  for (const event of bundle.events) {
    refer("places", places, event.place);
    refer("events", events, event.parent);
    for (const participant of event.participants) refer("actors", actors, participant.actor);
  }
  bundle.events.forEach((event, i) => {
    if (event.parent === event.slug) problem(`events[${i}].parent`, "an event cannot be part of itself");
    if (event.startsAt != null) {
      const mismatch = precisionMismatch(new Date(event.startsAt), event.timeZone ?? null, event.timePrecision);
      if (mismatch) problem(`events[${i}].startsAt`, mismatch);
    }
    unique(
      `events[${i}].participants`,
      event.participants.map((p) => p.actor),
    );
  });
  for (const role of bundle.roles) {
    refer("actors", actors, role.person);
    refer("actors", actors, role.organization);
  }
  const actorKinds = new Map(bundle.actors.map((a) => [a.slug, a.kind]));
  bundle.roles.forEach((role, i) => {
    const holderKind = actorKinds.get(role.person);
    if (holderKind !== undefined && holderKind !== "PERSON")
      problem(`roles[${i}].person`, `"${role.person}" is not a PERSON; only persons hold roles`);
    if (role.startDate != null && role.endDate != null && role.endDate < role.startDate)
      problem(`roles[${i}].endDate`, "the role ends before it starts");
  });
  for (const statement of bundle.statements) {
    refer("actors", actors, statement.speaker);
    refer("events", events, statement.occasion);
    for (const slug of statement.about) refer("events", events, slug);
    for (const slug of statement.topics) refer("topics", topics, slug);
  }
  bundle.statements.forEach((s, i) => {
    if (s.saidAt != null && s.timePrecision != null) {
      const mismatch = precisionMismatch(new Date(s.saidAt), s.timeZone ?? null, s.timePrecision);
      if (mismatch) problem(`statements[${i}] (key "${s.key}").saidAt`, mismatch);
    }
  });
  for (const position of bundle.positions) {
    refer("actors", actors, position.holder);
    refer("topics", topics, position.topic);
  }
  const source = bundle.source;
  bundle.positions.forEach((p, i) => {
    if (p.asOf == null && source.publishedOn == null)
      problem(`positions[${i}] (key "${p.key}").asOf`, "needed, since the source has no publishedOn");
    p.evidence.forEach((ref, j) => {
      const foreign = parseForeignRef(ref);
      if (foreign === undefined) {
        if (!statements.has(ref))
          problem(`positions[${i}] (key "${p.key}").evidence[${j}]`, `no statement of this bundle has key "${ref}"`);
      } else if (foreign === null || foreign.source === source.slug) {
        problem(
          `positions[${i}] (key "${p.key}").evidence[${j}]`,
          `"${ref}" is neither a key of this bundle's statements nor "source-slug/key" for another source's`,
        );
      }
    });
  });

  const text = new SourceText(source.text);
  const timeoutMs = options.timeoutMs ?? VERIFY_TIMEOUT_MS;
  const began = performance.now();
  let sliceStart = began;
  let timedOut = false;
  /** Gives the event loop a turn once a slice is used up; false once the time for all is spent. */
  const pause = async (): Promise<boolean> => {
    const now = performance.now();
    if (now - sliceStart < SLICE_MS) return true;
    if (now - began > timeoutMs) {
      timedOut = true;
      return false;
    }
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
    return true;
  };
  const resolveAll = async <T>(
    items: T[],
    span: (item: T) => BundleSpan,
    where: (item: T, i: number) => string,
  ): Promise<(ResolvedSpan | undefined)[]> => {
    const out: (ResolvedSpan | undefined)[] = [];
    for (const [i, item] of items.entries()) {
      if (!(await pause())) break;
      const resolved = text.resolve(span(item));
      if (!isMismatch(resolved)) {
        out.push(resolved);
        continue;
      }
      problem(`${where(item, i)}.span`, resolved.message, { expected: resolved.expected, found: resolved.found });
      out.push(undefined);
    }
    return out;
  };
  const statementSpans = await resolveAll(
    bundle.statements,
    (s) => s.span,
    (s, i) => `statements[${i}] (key "${s.key}")`,
  );
  const roleSpans = timedOut
    ? []
    : await resolveAll(
        bundle.roles,
        (r) => r.span,
        (r, i) => `roles[${i}] ("${r.person}" as "${r.title}")`,
      );
  if (timedOut) {
    problem(
      "bundle",
      `resolving the spans took longer than ${timeoutMs / 1000} s, so the rest were not checked; give start and end (which are checked without searching), or longer exact words`,
    );
  }
  if (problems.length > 0) throw new BundleError(problems);

  return {
    bundle,
    digest: createHash("sha256").update(canonicalJson(bundle), "utf8").digest("hex"),
    text,
    statementSpans: statementSpans as ResolvedSpan[],
    roleSpans: roleSpans as ResolvedSpan[],
    external: {
      places: [...external.places],
      actors: [...external.actors],
      topics: [...external.topics],
      events: [...external.events],
    },
  };
}

/** `undefined` for a plain key, `null` for a malformed reference, else the source and key. */
export function parseForeignRef(ref: string): ForeignKeyRef | null | undefined {
  const slash = ref.indexOf("/");
  if (slash < 0) return undefined;
  const source = ref.slice(0, slash);
  const key = ref.slice(slash + 1);
  const slugLike = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  return slugLike.test(source) && slugLike.test(key) ? { source, key } : null;
}

/** zod's issues as problems, naming the statement or position by key where the path is in one. */
function zodProblems(error: z.ZodError, input: unknown): BundleProblem[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const [list, index] = issue.path;
    let path = pathOf(issue.path);
    if ((list === "statements" || list === "positions") && typeof index === "number") {
      const item = (input as Record<string, unknown[]>)[list]?.[index] as { key?: unknown } | undefined;
      if (typeof item?.key === "string") {
        const rest = issue.path.length > 2 ? pathOf(issue.path.slice(2)) : "";
        path = `${list}[${index}] (key "${clip(item.key)}")${rest === "" || rest.startsWith("[") ? rest : `.${rest}`}`;
      }
    }
    return { path, message: issue.message };
  });
}
