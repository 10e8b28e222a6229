import type { BundleInput } from "../bundle/schema";
import { BUNDLE_FORMAT, BUNDLE_VERSION } from "../bundle/schema";
import { ActorRegistry } from "./actors";
import { Attributor } from "./attribution";
import { resolveTime } from "./dates";
import { findReported } from "./paraphrase";
import { findQuotes, insideQuote } from "./quotes";
import type { Attribution } from "./attribution";
import type { Range } from "./text";
import { pointMapper, sentences } from "./text";

export type ReviewFlagName =
  "UNATTRIBUTED" | "LOW_CONFIDENCE" | "NEW_ACTOR" | "MATCHED_ACTOR" | "PARAPHRASE_CANDIDATE" | "SOURCE_METADATA";

/** Something a person must check before the draft is ingested. */
export interface ReviewFlag {
  path: string;
  flag: ReviewFlagName;
  message: string;
}

/** A draft statement: a bundle statement, plus the contract's flat copy of its span and the draft's own fields. */
export interface DraftStatement {
  key: string;
  kind: "DIRECT_QUOTE" | "PARAPHRASE";
  /** A paraphrase's claim, in the text's words until a reviewer makes them neutral. */
  text?: string;
  speaker: string | null;
  verb: string | null;
  span: { exact: string; start: number; end: number };
  start: number;
  end: number;
  exact: string;
  group: string | null;
  confidence: number;
  speakerMention: string | null;
  saidAt?: string;
  timePrecision?: "DAY" | "MONTH" | "YEAR";
  timeBasis?: "DERIVED";
  timeText?: string;
}

export type DraftBundle = Omit<BundleInput, "statements" | "review" | "actors" | "roles"> & {
  actors: NonNullable<BundleInput["actors"]>;
  roles: NonNullable<BundleInput["roles"]>;
  statements: DraftStatement[];
  review: ReviewFlag[];
};

export interface ExtractOptions {
  publishedOn?: string;
  sourceSlug?: string;
}

/** Below this, an attribution is flagged for review. */
export const LOW_CONFIDENCE = 0.7;

/** The text of `range` with every span of `spans` (in order) inside it taken out, each left as a space. */
function outside(text: string, range: Range, spans: Range[]): string {
  let out = "";
  let from = range.start;
  for (const span of spans) {
    if (span.start < from || span.end > range.end) continue;
    out += `${text.slice(from, span.start)} `;
    from = span.end;
  }
  return out + text.slice(from, range.end);
}

function lowConfidence(path: string, a: Attribution): ReviewFlag {
  return {
    path: `${path}.speaker`,
    flag: "LOW_CONFIDENCE",
    message: `speaker ${a.speaker!.slug} at confidence ${a.confidence}${a.note ? `: ${a.note}` : ""}`,
  };
}

/** Turns an article into a draft context bundle: its quotes, their speakers, the actors and roles named. */
export function extractDraft(text: string, options: ExtractOptions = {}): DraftBundle {
  const toPoint = pointMapper(text);
  const quotes = findQuotes(text);
  const registry = new ActorRegistry(text);
  const sentenceList = sentences(text, (at) => insideQuote(quotes, at));
  const attributor = new Attributor(text, registry, sentenceList, quotes);
  const attributions = attributor.attribute();
  const reported = findReported(text, sentenceList, quotes, attributor);
  // What was said (quotes with their marks, reported claims), which a statement's date is not read from.
  const said: Range[] = [...quotes.map((q) => ({ start: q.open, end: q.close + 1 })), ...reported].sort(
    (a, b) => a.start - b.start,
  );
  const timeAround = (at: number) => {
    const sentence = sentenceList.find((s) => s.start <= at && at < s.end);
    return sentence ? resolveTime(outside(text, sentence, said), options.publishedOn) : undefined;
  };
  const review: ReviewFlag[] = [];
  const firstLine = text.split("\n")[0]!.trim();
  const title = (firstLine.length > 120 ? `${firstLine.slice(0, 117).trimEnd()}…` : firstLine) || "Untitled";
  const slug = options.sourceSlug ?? "draft-source";
  review.push({
    path: "source.title",
    flag: "SOURCE_METADATA",
    message: "the title is the text's first line: give the real headline",
  });

  const groups = new Map<number, string>();
  const statements: DraftStatement[] = quotes.map((q, i) => {
    const a = attributions[i]!;
    const key = `quote-${i + 1}`;
    const start = toPoint(q.start);
    const end = toPoint(q.end);
    if (q.group !== null && !groups.has(q.group)) groups.set(q.group, `group-${groups.size + 1}`);
    const time = timeAround(q.open);
    const path = `statements[${i}]`;
    if (!a.speaker) {
      review.push({
        path: `${path}.speaker`,
        flag: "UNATTRIBUTED",
        message: `no speaker: ${a.note ?? "the text does not say who spoke"}`,
      });
    } else if (a.confidence < LOW_CONFIDENCE) {
      review.push(lowConfidence(path, a));
    }
    return {
      key,
      kind: "DIRECT_QUOTE",
      speaker: a.speaker?.slug ?? null,
      verb: a.verb,
      span: { exact: q.exact, start, end },
      start,
      end,
      exact: q.exact,
      group: q.group === null ? null : groups.get(q.group)!,
      confidence: a.confidence,
      speakerMention: a.speakerMention,
      ...(time ?? {}),
    };
  });

  // Reported speech, after the quotes: a draft's direct quotes keep their indexes whatever is reported.
  for (const [n, r] of reported.entries()) {
    const i = statements.length;
    const start = toPoint(r.start);
    const end = toPoint(r.end);
    const time = timeAround(r.start);
    review.push({
      path: `statements[${i}]`,
      flag: "PARAPHRASE_CANDIDATE",
      message: `reported speech (${r.attribution.verb ?? "?"}), drafted as a paraphrase: keep it with \`text\` stating the claim in neutral words, or drop it`,
    });
    if (r.attribution.confidence < LOW_CONFIDENCE) review.push(lowConfidence(`statements[${i}]`, r.attribution));
    statements.push({
      key: `paraphrase-${n + 1}`,
      kind: "PARAPHRASE",
      text: `${r.exact[0]!.toLocaleUpperCase("en")}${r.exact.slice(1)}.`,
      speaker: r.attribution.speaker!.slug,
      verb: r.attribution.verb,
      span: { exact: r.exact, start, end },
      start,
      end,
      exact: r.exact,
      group: null,
      confidence: r.attribution.confidence,
      speakerMention: r.attribution.speakerMention,
      ...(time ?? {}),
    });
  }

  const actors = registry.actors.filter(
    (actor) => actor.kind !== "PERSON" || actor.name.includes(" ") || statements.some((s) => s.speaker === actor.slug),
  );
  actors.forEach((actor, i) =>
    review.push({
      path: `actors[${i}]`,
      flag: "NEW_ACTOR",
      message: `new actor "${actor.name}" (${actor.kind}), slug ${actor.slug}: match it to a stored one or keep it`,
    }),
  );
  const roles = actors.flatMap((actor) =>
    actor.roles.map((r) => ({
      person: actor.slug,
      title: r.title,
      span: { exact: text.slice(r.start, r.end), start: toPoint(r.start), end: toPoint(r.end) },
    })),
  );
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    source: {
      slug,
      title,
      text,
      language: "en",
      ...(options.publishedOn ? { publishedOn: options.publishedOn, publishedOnBasis: "SOURCE" as const } : {}),
    },
    actors: actors.map((actor) => {
      const words = actor.name.split(/\s+/);
      return {
        slug: actor.slug,
        kind: actor.kind,
        name: actor.name,
        ...(actor.kind === "PERSON"
          ? {
              person:
                words.length > 1
                  ? { givenName: words[0]!, familyName: words.slice(1).join(" ") }
                  : { familyName: words[0]! },
            }
          : {}),
      };
    }),
    roles,
    statements,
    review,
  };
}
