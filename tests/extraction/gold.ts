import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * The quote-extraction evaluation set: passages (tests/extraction/passages/<id>.txt) and their
 * gold files (<id>.gold.json). A gold quote names its text by `exact` and `occurrence`; the
 * loader turns that into code-point offsets, so a gold file never carries offsets that drift.
 */

/** Every pattern the set covers; tests/unit/extraction-gold.test.ts asks for each in ≥ 3 passages. */
export const PATTERNS = [
  "straight", // "..." straight double marks
  "curly", // “...” curly double marks
  "single", // ‘...’ or '...' as the primary marks (British style)
  "after", // "...," said Name.
  "before", // Name said: "..."
  "split", // "A," she said, "B."
  "told-reporters", // ... told reporters
  "according-to", // according to Name
  "statement", // ... said in a statement
  "pronoun", // he / she / they for the subject of an earlier sentence
  "pronoun-trap", // a pronoun whose speaker is not the last name mentioned
  "description", // "the senator", "the agency", "the minister"
  "organisation", // an organisation or group speaks
  "fragment", // a few quoted words woven into the reporter's sentence
  "multi-paragraph", // a quote running over a paragraph break
  "nested", // single marks inside a double-marked quote
  "unattributed", // the text does not say who spoke
  "anonymous", // "one resident said": described, not named (speaker null)
  "not-quote", // marks around a title, nickname, term or name that report no speech
  "relative-date", // "on Wednesday", "last month", "today"
] as const;

export type Pattern = (typeof PATTERNS)[number];

/**
 * Which part of the set a passage is in: `rules`, the passages the extractor's rules were written
 * against; `dev`, passages written later by someone who had not read the rules, which the rules
 * may since have been improved against; `heldout`, written with `dev` and never looked at while
 * improving the rules (their misses are not printed), so their scores estimate unseen text.
 */
export const SPLITS = ["rules", "dev", "heldout"] as const;

export type Split = (typeof SPLITS)[number];

export interface GoldQuote {
  /** Code-point offsets of `exact` in the passage text. */
  start: number;
  end: number;
  exact: string;
  /** The speaker's name as the passage first gives it; null when the text names no one. */
  speaker: string | null;
  /** The same string on the parts of one quote split by its attribution. */
  group?: string;
  note?: string;
}

export interface GoldPassage {
  id: string;
  fictional: boolean;
  /** Path of the text, relative to the repository root. */
  textPath: string;
  text: string;
  publishedOn: string;
  split: Split;
  patterns: string[];
  quotes: GoldQuote[];
  notQuotes: string[];
}

interface RawQuote {
  exact?: unknown;
  occurrence?: unknown;
  speaker?: unknown;
  group?: unknown;
  note?: unknown;
}

interface RawGold {
  fictional?: unknown;
  text?: unknown;
  publishedOn?: unknown;
  split?: unknown;
  patterns?: unknown;
  quotes?: unknown;
  notQuotes?: unknown;
}

const defaultRoot = path.resolve(__dirname, "..", "..");

/** The UTF-16 index of the `occurrence`-th (1-based) occurrence of `exact` in `text`, or -1. */
export function findOccurrence(text: string, exact: string, occurrence: number): number {
  let from = 0;
  for (let seen = 1; ; seen++) {
    const at = text.indexOf(exact, from);
    if (at < 0 || seen === occurrence) return at;
    from = at + 1;
  }
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

function fail(id: string, message: string): never {
  throw new Error(`extraction gold ${id}: ${message}`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function loadQuote(id: string, text: string, raw: RawQuote, index: number): GoldQuote {
  const label = `quote ${index + 1}`;
  if (typeof raw.exact !== "string" || raw.exact === "") fail(id, `${label} has no exact text`);
  const exact = raw.exact;
  const occurrence = raw.occurrence ?? 1;
  if (typeof occurrence !== "number" || !Number.isInteger(occurrence) || occurrence < 1) {
    fail(id, `${label} ("${exact}") has an occurrence that is not a positive integer`);
  }
  if (raw.speaker !== null && (typeof raw.speaker !== "string" || raw.speaker === "")) {
    fail(id, `${label} ("${exact}") needs a speaker name or null`);
  }
  if (raw.group !== undefined && typeof raw.group !== "string") fail(id, `${label} has a group that is not a string`);
  if (raw.note !== undefined && typeof raw.note !== "string") fail(id, `${label} has a note that is not a string`);
  const at = findOccurrence(text, exact, occurrence);
  if (at < 0) fail(id, `${label} "${exact}" (occurrence ${occurrence}) is not in the text`);
  const start = codePoints(text.slice(0, at));
  const quote: GoldQuote = { start, end: start + codePoints(exact), exact, speaker: raw.speaker };
  if (raw.group !== undefined) quote.group = raw.group;
  if (raw.note !== undefined) quote.note = raw.note;
  return quote;
}

/** Loads one gold file; `file` is the path of <id>.gold.json. */
export function loadGoldPassage(file: string, root: string = defaultRoot): GoldPassage {
  const id = path.basename(file).replace(/\.gold\.json$/, "");
  let raw: RawGold;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as RawGold;
  } catch (error) {
    fail(id, `cannot read ${file}: ${(error as Error).message}`);
  }
  if (typeof raw.fictional !== "boolean") fail(id, "needs `fictional: true` (or false for a real text)");
  if (raw.text !== undefined && typeof raw.text !== "string") fail(id, "`text` must be a path");
  const textPath =
    typeof raw.text === "string" ? raw.text : path.relative(root, path.join(path.dirname(file), `${id}.txt`));
  let text: string;
  try {
    text = readFileSync(path.join(root, textPath), "utf8");
  } catch (error) {
    fail(id, `cannot read its text ${textPath}: ${(error as Error).message}`);
  }
  if (typeof raw.publishedOn !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(raw.publishedOn)) {
    fail(id, "needs publishedOn as YYYY-MM-DD");
  }
  const split = raw.split ?? "rules";
  if (!(SPLITS as readonly unknown[]).includes(split)) fail(id, `split must be one of ${SPLITS.join(", ")}`);
  if (!isStringArray(raw.patterns)) fail(id, "needs patterns, an array of strings");
  for (const pattern of raw.patterns) {
    if (!(PATTERNS as readonly string[]).includes(pattern)) fail(id, `unknown pattern "${pattern}"`);
  }
  if (!Array.isArray(raw.quotes)) fail(id, "needs quotes, an array");
  const notQuotes = raw.notQuotes ?? [];
  if (!isStringArray(notQuotes)) fail(id, "notQuotes must be an array of strings");
  for (const term of notQuotes) if (!text.includes(term)) fail(id, `notQuote "${term}" is not in the text`);
  const quotes = (raw.quotes as RawQuote[]).map((quote, index) => loadQuote(id, text, quote, index));
  return {
    id,
    fictional: raw.fictional,
    textPath,
    text,
    publishedOn: raw.publishedOn,
    split: split as Split,
    patterns: raw.patterns,
    quotes,
    notQuotes,
  };
}

/** Loads every gold file under <root>/tests/extraction/passages, in file-name order. */
export function loadGoldSet(root: string = defaultRoot): GoldPassage[] {
  const dir = path.join(root, "tests", "extraction", "passages");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".gold.json"))
    .sort()
    .map((name) => loadGoldPassage(path.join(dir, name), root));
}
