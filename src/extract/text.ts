/** A text with its paragraphs and sentences, offsets in UTF-16 units (converted to code points at the edge). */
export interface Range {
  start: number;
  end: number;
}

/** Words whose stop ends no sentence ("Mr.", "U.S.", an initial): tested on the text up to and including the stop. */
export const ABBREVIATIONS =
  /(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|St|Jr|Sr|Inc|Corp|Co|Ltd|No|Vol|vs|U\.S|U\.K|U\.N|E\.U|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)|\b[A-Z])\.$/;

/** Paragraphs: runs of text between line breaks. */
export function paragraphs(text: string): Range[] {
  const out: Range[] = [];
  const pattern = /[^\n]+/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (body) out.push({ start: m.index + lead, end: m.index + lead + body.length });
  }
  return out;
}

/**
 * Sentences of the text: a stop (. ! ?), maybe closing marks, then space and a capital or an
 * opening mark; never inside a quotation (`inside` says where those are), never after an
 * abbreviation or an initial.
 */
export function sentences(text: string, inside: (at: number) => boolean = () => false): Range[] {
  const out: Range[] = [];
  for (const para of paragraphs(text)) {
    let start = para.start;
    const body = text.slice(para.start, para.end);
    const pattern = /[.!?]+["”’')]*(?=\s+["“‘'(]?[A-Z0-9])/g;
    for (let m = pattern.exec(body); m; m = pattern.exec(body)) {
      const stop = para.start + m.index;
      const end = stop + m[0].length;
      if (inside(end - 1)) continue;
      if (ABBREVIATIONS.test(text.slice(Math.max(start, stop - 6), stop + 1))) continue;
      out.push({ start, end });
      start = end;
      while (start < para.end && /\s/.test(text[start]!)) start += 1;
    }
    if (start < para.end) out.push({ start, end: para.end });
  }
  return out;
}

/** Converts UTF-16 offsets of a text to code-point offsets. */
export function pointMapper(text: string): (unit: number) => number {
  let astral = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) astral = true;
  }
  if (!astral) return (unit) => unit;
  const map = new Uint32Array(text.length + 1);
  let point = 0;
  for (let i = 0; i < text.length; i += 1) {
    map[i] = point;
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff))
      point += 1;
    else map[i] = point - 1;
  }
  map[text.length] = point;
  return (unit) => map[unit]!;
}

export function wordCount(value: string): number {
  return value.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;
}
