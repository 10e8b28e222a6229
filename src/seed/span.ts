/** Characters of context kept either side of a span (W3C TextQuoteSelector prefix/suffix). */
export const CONTEXT_LENGTH = 32;

export interface Span {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

/** The code-point length of a string (what offsets count), not its UTF-16 length. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/**
 * Locates `exact` in `text` and returns its code-point offsets with prefix and suffix.
 * `occurrence` (1-based) picks one of several matches; without it a repeated span is an error.
 */
export function locateSpan(text: string, exact: string, occurrence?: number): Span {
  if (exact.length === 0) throw new Error("the span is empty");
  const matches: number[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) matches.push(at);
  if (matches.length === 0) throw new Error(`"${exact}" does not occur in the source text`);
  if (occurrence === undefined && matches.length > 1) {
    throw new Error(`"${exact}" occurs ${matches.length} times in the source text; say which with \`occurrence\``);
  }
  const index = matches[(occurrence ?? 1) - 1];
  if (index === undefined) throw new Error(`"${exact}" occurs only ${matches.length} time(s), not ${occurrence}`);
  const before = Array.from(text.slice(0, index));
  const after = Array.from(text.slice(index + exact.length));
  const start = before.length;
  return {
    start,
    end: start + codePointLength(exact),
    exact,
    prefix: before.slice(-CONTEXT_LENGTH).join(""),
    suffix: after.slice(0, CONTEXT_LENGTH).join(""),
  };
}
