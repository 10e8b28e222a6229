import { CONTEXT_LENGTH } from "../seed/span";
import type { BundleSpan } from "./schema";

/** A span resolved against its source text: code-point offsets, and the text around it. */
export interface ResolvedSpan {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * How many occurrences of a span's exact words are looked at, fitting or not, before it is refused
 * as too common to search for: past this, finding one means walking ever more of the text for
 * each span, and a bundle of many such spans would take hours to check.
 */
export const MAX_OCCURRENCES = 1_000;

/** Code units per indexed piece of text, and the text length from which an index pays. */
const GRAM = 8;
const INDEXED_TEXT = 1 << 16;
const BUCKET_BITS = 20;
/** Past this many candidates for a piece, a plain search of the text is as quick. */
const MAX_CANDIDATES = 20_000;

function gramHash(value: string, at: number): number {
  let hash = 0;
  for (let i = at; i < at + GRAM; i += 1) hash = (Math.imul(hash, 0x01000193) ^ value.charCodeAt(i)) | 0;
  return (hash ^ (hash >>> BUCKET_BITS)) & ((1 << BUCKET_BITS) - 1);
}

/** For each bucket of GRAM-unit pieces, the UTF-16 offsets where such a piece starts, as a chain. */
class GramIndex {
  readonly counts = new Int32Array(1 << BUCKET_BITS);
  private readonly heads = new Int32Array(1 << BUCKET_BITS).fill(-1);
  private readonly next: Int32Array;

  constructor(text: string) {
    const pieces = Math.max(0, text.length - GRAM + 1);
    this.next = new Int32Array(pieces);
    // From the end, so that each chain runs in ascending order.
    for (let at = pieces - 1; at >= 0; at -= 1) {
      const bucket = gramHash(text, at);
      this.next[at] = this.heads[bucket]!;
      this.heads[bucket] = at;
      this.counts[bucket] = this.counts[bucket]! + 1;
    }
  }

  /** Offsets where a piece of this bucket starts, less `offset`, those not below 0. */
  *starts(bucket: number, offset: number): Generator<number> {
    for (let at = this.heads[bucket]!; at >= 0; at = this.next[at]!) if (at >= offset) yield at - offset;
  }
}

/** Why a span does not fit its text: the message, and what was expected against what was found. */
export interface SpanMismatch {
  message: string;
  expected?: string;
  found?: string;
}

/**
 * A source text indexed by code point, so spans are read and found in code points (what offsets
 * count) without walking the whole text for each one.
 */
export class SourceText {
  readonly length: number;
  /** UTF-16 offset of each code point, when the text has any outside the BMP; else offsets agree. */
  private readonly units: Uint32Array | undefined;

  constructor(readonly text: string) {
    let points = 0;
    let astral = false;
    for (let i = 0; i < text.length; i += 1, points += 1) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          astral = true;
          i += 1;
        }
      }
    }
    this.length = points;
    if (!astral) return;
    const units = new Uint32Array(points + 1);
    let point = 0;
    for (let i = 0; i < text.length; i += 1, point += 1) {
      units[point] = i;
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      }
    }
    units[points] = text.length;
    this.units = units;
  }

  /** UTF-16 offset of a code-point offset. */
  private unit(point: number): number {
    return this.units ? this.units[point]! : point;
  }

  /** Code-point offset of a UTF-16 offset that starts a code point. */
  private point(unit: number): number {
    if (!this.units) return unit;
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.units[middle]! < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The text of code points [start, end). */
  slice(start: number, end: number): string {
    return this.text.slice(this.unit(start), this.unit(end));
  }

  /** Code-point offsets where `exact` starts, the first `limit` of them. */
  occurrences(exact: string, limit = Infinity): number[] {
    const found: number[] = [];
    const candidates = this.candidates(exact);
    if (candidates) {
      for (const at of candidates) {
        if (found.length >= limit) break;
        if (this.text.startsWith(exact, at)) found.push(this.point(at));
      }
      return found;
    }
    for (let at = this.text.indexOf(exact); at >= 0 && found.length < limit; at = this.text.indexOf(exact, at + 1))
      found.push(this.point(at));
    return found;
  }

  private searches = 0;
  private grams: GramIndex | undefined;

  /**
   * UTF-16 offsets, ascending, among which are all where `exact` starts; undefined when the text
   * is to be searched instead. Searching the whole text for each span of a bundle costs spans ×
   * text length (seconds at the limits), so from the ninth search on a long text, the offsets of
   * each GRAM-unit piece of it are indexed once, and only those of the exact words' rarest piece
   * are tried.
   */
  private candidates(exact: string): Iterable<number> | undefined {
    if (exact.length < GRAM || this.text.length < INDEXED_TEXT) return undefined;
    this.searches += 1;
    if (this.searches <= 8) return undefined;
    const grams = (this.grams ??= new GramIndex(this.text));
    let best = -1;
    let bestOffset = 0;
    for (let offset = 0; offset + GRAM <= exact.length; offset += 1) {
      const bucket = gramHash(exact, offset);
      if (best < 0 || grams.counts[bucket]! < grams.counts[best]!) {
        best = bucket;
        bestOffset = offset;
      }
    }
    if (grams.counts[best]! > MAX_CANDIDATES) return undefined;
    return grams.starts(best, bestOffset);
  }

  codePoints(value: string): number {
    let n = 0;
    for (const _ of value) n += 1;
    return n;
  }

  /** The span at [start, end) with its prefix and suffix. */
  at(start: number, end: number): ResolvedSpan {
    return {
      start,
      end,
      exact: this.slice(start, end),
      prefix: this.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: this.slice(end, Math.min(this.length, end + CONTEXT_LENGTH)),
    };
  }

  /** Whether `prefix` ends at `start` and `suffix` begins at `end`. */
  private fits(span: BundleSpan, start: number, end: number): SpanMismatch | undefined {
    if (span.prefix != null && span.prefix !== "") {
      const before = this.slice(Math.max(0, start - this.codePoints(span.prefix)), start);
      if (before !== span.prefix)
        return { message: "the prefix is not the text before the span", expected: span.prefix, found: before };
    }
    if (span.suffix != null && span.suffix !== "") {
      const after = this.slice(end, Math.min(this.length, end + this.codePoints(span.suffix)));
      if (after !== span.suffix)
        return { message: "the suffix is not the text after the span", expected: span.suffix, found: after };
    }
    return undefined;
  }

  /**
   * Resolves a bundle's span: offsets, when given, must hold exactly `exact` (and the prefix and
   * suffix, when given, must surround it); `exact` alone must occur once, or once among the
   * matches the prefix and suffix allow, and at most MAX_OCCURRENCES times in all.
   */
  resolve(span: BundleSpan): ResolvedSpan | SpanMismatch {
    if (span.start != null && span.end != null) {
      const { start, end } = span;
      if (end <= start || end > this.length) {
        return {
          message: `the span [${start}, ${end}) is not within the source text, which has ${this.length} code points`,
        };
      }
      const found = this.slice(start, end);
      if (found !== span.exact) {
        return {
          message: `the source text at [${start}, ${end}) is not the span's exact words`,
          expected: span.exact,
          found,
        };
      }
      return this.fits(span, start, end) ?? this.at(start, end);
    }
    const length = this.codePoints(span.exact);
    // One more than the cap, to tell "exactly the cap" from "more than it".
    const starts = this.occurrences(span.exact, MAX_OCCURRENCES + 1);
    if (starts.length === 0)
      return { message: "the exact words do not occur in the source text", expected: span.exact };
    if (starts.length > MAX_OCCURRENCES) {
      return {
        message: `the exact words occur more than ${MAX_OCCURRENCES.toLocaleString("en")} times, too often to search among; give start and end, or longer exact words`,
        expected: span.exact,
      };
    }
    const fitting = starts.filter((start) => this.fits(span, start, start + length) === undefined);
    if (fitting.length === 1) return this.at(fitting[0]!, fitting[0]! + length);
    if (fitting.length === 0) {
      return { message: "the exact words occur, but never with the given prefix and suffix", expected: span.exact };
    }
    const shown = fitting.slice(0, 5).join(", ");
    return {
      message: `the exact words occur ${fitting.length} times (at code points ${shown}${fitting.length > 5 ? ", …" : ""}); give start and end, or a prefix or suffix that picks one`,
      expected: span.exact,
    };
  }
}

export function isMismatch(result: ResolvedSpan | SpanMismatch): result is SpanMismatch {
  return "message" in result;
}
