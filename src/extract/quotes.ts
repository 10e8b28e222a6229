import { anySpeechVerbPattern, OPINION_VERBS } from "./verbs";
import { ABBREVIATIONS, wordCount } from "./text";

/** A fragment's verb may also be one of belief ("She expects a shift "within weeks""). */
const fragmentVerbPattern = new RegExp(`${anySpeechVerbPattern.source}|\\b(?:${OPINION_VERBS.join("|")})\\b`, "i");

/** A quotation found in a text; offsets are UTF-16 units into it. */
export interface Quote {
  /** Offsets of the quoted words, without the marks (and without surrounding whitespace). */
  start: number;
  end: number;
  exact: string;
  /** Offsets of the opening and the closing mark. */
  open: number;
  close: number;
  /** Set on parts of one quotation split by its attribution: the index of the first part. */
  group: number | null;
  /** Woven into the reporter's sentence (`called it a "starting point"`), not standing as a sentence. */
  fragment: boolean;
  /** Whether the quoted words ended with a comma (left out of `exact`): the sentence goes on. */
  comma: boolean;
}

export type MarkMode = "double" | "single";

/** Whether offset `at` lies between a quote's marks. */
export function insideQuote(quotes: readonly Quote[], at: number): boolean {
  return quotes.some((q) => at > q.open && at < q.close);
}

const DOUBLE_OPEN = new Set(["“", "„", "«"]);
const DOUBLE_CLOSE = new Set(["”", "»"]);
const SINGLE_OPEN = new Set(["‘"]);
const SINGLE_CLOSE = new Set(["’"]);

const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * Whether the text uses single marks as its primary quotation marks: more ‘…’ or '…' openings
 * than double-marked quotations (British copy nests “…” inside its ‘…’).
 */
export function markMode(text: string): MarkMode {
  const doubles = (text.match(/["“”„«»]/g) ?? []).length / 2;
  const singles = (text.match(/(^|[\s(—–-])['‘]\p{L}/gmu) ?? []).length;
  return singles > doubles ? "single" : "double";
}

/** What a mark at `at` does: opens, closes, or neither (an apostrophe). */
function role(text: string, at: number, mode: MarkMode): "open" | "close" | "either" | null {
  const c = text[at]!;
  const before = text[at - 1];
  const after = text[at + 1];
  if (mode === "double") {
    if (DOUBLE_OPEN.has(c)) return "open";
    if (DOUBLE_CLOSE.has(c)) return "close";
    if (c !== '"') return null;
  } else {
    if (SINGLE_OPEN.has(c)) return isLetter(before) ? null : "open";
    if (c !== "'" && !SINGLE_CLOSE.has(c)) return null;
    // An apostrophe inside a word (don't, Trump's) or an elision ('90s) is no mark.
    if (isLetter(before) && isLetter(after)) return null;
    if (SINGLE_CLOSE.has(c) && !isLetter(before) && !/[.,!?;:…—-]/.test(before ?? "")) return null;
  }
  const openish = isSpace(before) || /[([—–-]/.test(before!);
  const closeish = isSpace(after) || /[.,;:!?)\]—–-]/.test(after!);
  if (openish && !closeish) return "open";
  if (closeish && !openish) return "close";
  return "either";
}

/** Words before a mark that make the quoted words a name, a title or a term rather than speech. */
const NAMING_BEFORE =
  /(?:\b(?:titled|entitled|so-called|nicknamed|dubbed|codenamed|code-named|named|known\s+as|dubbed\s+it|the\s+(?:word|words|term|phrase|slogan|hashtag|label|motto|headline)|hashtag|motto|slogan)\s*|\b(?:was|were|is|are|be|been|being|so)\s+called\s*)$/i;
/** A cry, a shout or a chant "of" its words: speech, though no verb of saying reports it. */
const CRIED_BEFORE =
  /\b(?:cry|cries|shout|shouts|chant|chants|yell|yells|scream|screams|roar|roars|chorus|call|calls)\s+of\s*$/i;
/** Nouns that name a work or a scheme before its title ("the film “Salt”"); a title starts with a capital. */
const TITLED_BEFORE =
  /\b(?:operation|project|book|film|movie|documentary|song|album|novel|play|show|series|podcast|program|programme|brand|app|exercise|campaign|initiative|called)\s*$/i;
/** Writing that is read, not said: a sign or a placard "read" or "saying" its words. */
const WRITTEN_BEFORE =
  /\b(?:sign|placard|banner|poster|billboard|graffiti|t-shirt|plaque|sticker)s?\b[^.!?,"“”‘’]{0,60}\b(?:read|reads|reading|saying|proclaimed|proclaiming)[\s:,]*$/i;

/**
 * The direct quotations of a text, in order: double marks (curly or straight), or single marks
 * when the text uses them as primary marks; a quotation left open at a paragraph's end continues
 * when the next paragraph opens with a mark; inner marks of the other kind are part of the quote.
 * Titles, names and terms in marks are left out.
 */
export function findQuotes(text: string): Quote[] {
  const mode = markMode(text);
  const found: Quote[] = [];
  let open = -1;
  for (let at = 0; at < text.length; at += 1) {
    const c = text[at]!;
    if (c === "\n" && open >= 0) {
      let next = at;
      while (next < text.length && /\s/.test(text[next]!)) next += 1;
      const r = next < text.length ? role(text, next, mode) : null;
      if (r === "open" || r === "either") {
        at = next;
        continue;
      }
      open = -1;
      continue;
    }
    const r = role(text, at, mode);
    if (r === null) continue;
    if (open < 0) {
      if (r === "open" || r === "either") open = at;
    } else if (r === "close" || r === "either") {
      push(found, text, open, at);
      open = -1;
    } else {
      // Two openings in a row: the first was unbalanced.
      open = at;
    }
  }
  const speech = found.filter((q) => isSpeech(text, q));
  groupSplitQuotes(text, speech);
  return speech;
}

function push(found: Quote[], text: string, open: number, close: number) {
  let start = open + 1;
  let end = close;
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  // The comma before an attribution belongs to the reporter's sentence (the seed's convention).
  const comma = end > start && text[end - 1] === ",";
  if (comma) end -= 1;
  if (end <= start) return;
  const before = text.slice(Math.max(0, text.lastIndexOf("\n", open) + 1), open);
  const fragment = isFragment(before, text.slice(start, end));
  found.push({ start, end, exact: text.slice(start, end), open, close, group: null, fragment, comma });
}

/** A quote embedded in a sentence: preceded by a word, not by a sentence start, a colon or an attribution comma. */
function isFragment(before: string, exact: string): boolean {
  const tail = before.trimEnd();
  if (tail === "" || /[.!?:]["”’']?$/.test(tail)) return false;
  if (/,$/.test(tail) && /^[\p{Lu}]/u.test(exact)) return false;
  if (/[—–-]$/.test(tail) && /^[\p{Lu}]/u.test(exact)) return false;
  return true;
}

function sentenceAround(text: string, q: Quote): string {
  const lineStart = text.lastIndexOf("\n", q.open) + 1;
  let lineEnd = text.indexOf("\n", q.close);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, q.open);
  // The last stop before the quote that ends a sentence ("Mr. Dunmore" goes on with it).
  let stop = -1;
  for (const m of before.matchAll(/[.!?]\s/g)) if (!ABBREVIATIONS.test(before.slice(0, m.index + 1))) stop = m.index;
  const after = text.slice(q.close + 1, lineEnd);
  const next = after.search(/[.!?](\s|$)/);
  return `${before.slice(stop + 1)} ${after.slice(0, next < 0 ? after.length : next)}`;
}

/** Whether quoted words report speech (not a title, a name or a term). */
function isSpeech(text: string, q: Quote): boolean {
  const lineStart = text.lastIndexOf("\n", q.open) + 1;
  const before = text.slice(Math.max(lineStart, q.open - 40), q.open);
  if (NAMING_BEFORE.test(before)) return false;
  if (TITLED_BEFORE.test(before) && /^\p{Lu}/u.test(q.exact)) return false;
  if (WRITTEN_BEFORE.test(text.slice(Math.max(lineStart, q.open - 120), q.open))) return false;
  if (CRIED_BEFORE.test(before)) return true;
  const words = wordCount(q.exact);
  const context = sentenceAround(text, q);
  const speechVerb = (q.fragment ? fragmentVerbPattern : anySpeechVerbPattern).test(context);
  if (words <= 3) {
    const titleLike = q.exact
      .split(/\s+/)
      .filter((w) => /\p{L}/u.test(w) && !/^(?:of|the|a|an|and|in|on|for|to|at)$/i.test(w))
      .every((w) => /^\p{Lu}/u.test(w));
    // A capitalised fragment is a name even with American punctuation inside ("calling it “The Empty Bowl.”").
    if (titleLike && !(q.fragment ? /[!?]$/ : /[.!?,]$/).test(q.exact) && (q.fragment || !speechVerb)) return false;
    if (q.fragment && !speechVerb) return false;
  }
  if (q.fragment && !speechVerb && words <= 5) return false;
  return true;
}

/** `"A," she said, "B."`: the second part continues the first, interrupted only by an attribution. */
function groupSplitQuotes(text: string, quotes: Quote[]) {
  for (let i = 1; i < quotes.length; i += 1) {
    const a = quotes[i - 1]!;
    const b = quotes[i]!;
    const between = text.slice(a.close + 1, b.open);
    // Another sentence begun between them: the second quote is that sentence's.
    if (between.includes("\n") || /[.!?]\s+\S/.test(between)) continue;
    const continues = a.comma || /[—–-]$/.test(a.exact) || /^\s*[,—–-]/.test(between) || /…$/.test(a.exact);
    if (!continues || a.fragment) continue;
    if (wordCount(between) > 12 || !anySpeechVerbPattern.test(between)) continue;
    a.group ??= i - 1;
    b.group = a.group;
    // The second part goes on with the quoted sentence ("…,’ he said, ‘but …’"): it is no fragment.
    b.fragment = false;
  }
}
