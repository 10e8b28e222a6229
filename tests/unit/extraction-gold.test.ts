import { PATTERNS, findOccurrence, loadGoldSet } from "../extraction/gold";
import type { GoldPassage } from "../extraction/gold";
import { sliceCodePoints } from "../helpers/text";

/** Floors for the set as it stands; raise them as passages are added. */
const MIN_PASSAGES = 40;
const MIN_QUOTES = 200;
const MIN_PASSAGES_PER_PATTERN = 3;

describe("the quote-extraction gold set", () => {
  let set: GoldPassage[];

  beforeAll(() => {
    // Throws, naming the passage and the quote, when a quote's exact text is not found.
    set = loadGoldSet();
  });

  it(`has at least ${MIN_PASSAGES} passages and ${MIN_QUOTES} quotes`, () => {
    expect(set.length).toBeGreaterThanOrEqual(MIN_PASSAGES);
    const quotes = set.reduce((sum, passage) => sum + passage.quotes.length, 0);
    expect(quotes).toBeGreaterThanOrEqual(MIN_QUOTES);
  });

  it("finds every quote at its code-point offsets", () => {
    for (const passage of set) {
      for (const quote of passage.quotes) {
        expect({ id: passage.id, exact: sliceCodePoints(passage.text, quote.start, quote.end) }).toEqual({
          id: passage.id,
          exact: quote.exact,
        });
      }
    }
  });

  it("has no two quotes of a passage overlapping", () => {
    for (const passage of set) {
      const sorted = [...passage.quotes].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        const [before, after] = [sorted[i - 1]!, sorted[i]!];
        if (after.start < before.end) {
          throw new Error(`${passage.id}: "${before.exact}" overlaps "${after.exact}"`);
        }
      }
    }
  });

  it(`has every pattern in at least ${MIN_PASSAGES_PER_PATTERN} passages`, () => {
    const counts = Object.fromEntries(
      PATTERNS.map((pattern) => [pattern, set.filter((passage) => passage.patterns.includes(pattern)).length]),
    );
    const thin = Object.entries(counts).filter(([, count]) => count < MIN_PASSAGES_PER_PATTERN);
    expect(thin).toEqual([]);
  });

  it("has every group in at least two parts", () => {
    for (const passage of set) {
      const parts = new Map<string, number>();
      for (const quote of passage.quotes) {
        if (quote.group !== undefined) parts.set(quote.group, (parts.get(quote.group) ?? 0) + 1);
      }
      const single = [...parts].filter(([, count]) => count < 2).map(([group]) => `${passage.id}#${group}`);
      expect(single).toEqual([]);
    }
  });

  it("marks the invented passages fictional and keeps the passage format", () => {
    for (const passage of set) {
      if (passage.id.startsWith("00-seed")) continue;
      expect({ id: passage.id, fictional: passage.fictional }).toEqual({ id: passage.id, fictional: true });
      const words = passage.text.split(/\s+/).filter((word) => word !== "").length;
      expect({ id: passage.id, inRange: words >= 80 && words <= 250 }).toEqual({ id: passage.id, inRange: true });
      expect(passage.text.includes("\r")).toBe(false);
    }
  });
});

describe("findOccurrence", () => {
  it("counts occurrences from one and returns -1 past the last", () => {
    expect(findOccurrence("ab ab ab", "ab", 1)).toBe(0);
    expect(findOccurrence("ab ab ab", "ab", 3)).toBe(6);
    expect(findOccurrence("ab ab ab", "ab", 4)).toBe(-1);
  });
});
