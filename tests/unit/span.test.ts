import { codePointLength, locateSpan } from "../../src/seed/span";
import { MAX_OCCURRENCES, SourceText } from "../../src/bundle/span";
import { sliceCodePoints } from "../helpers/text";

describe("locateSpan", () => {
  it("counts offsets in code points, not UTF-16 units", () => {
    const text = "a😀 said “hello” — then left";
    const span = locateSpan(text, "hello");
    expect(span).toEqual({ start: 9, end: 14, exact: "hello", prefix: "a😀 said “", suffix: "” — then left" });
    expect(sliceCodePoints(text, span.start, span.end)).toBe("hello");
    expect(codePointLength("😀")).toBe(1);
  });

  it("keeps at most 32 code points of context either side", () => {
    const text = `${"x".repeat(40)}SPAN${"y".repeat(40)}`;
    expect(locateSpan(text, "SPAN")).toEqual({
      start: 40,
      end: 44,
      exact: "SPAN",
      prefix: "x".repeat(32),
      suffix: "y".repeat(32),
    });
  });

  it("refuses a missing, empty or ambiguous span and picks an occurrence on request", () => {
    expect(() => locateSpan("abc", "d")).toThrow('"d" does not occur in the source text');
    expect(() => locateSpan("abc", "")).toThrow("the span is empty");
    expect(() => locateSpan("ab ab", "ab")).toThrow(
      '"ab" occurs 2 times in the source text; say which with `occurrence`',
    );
    expect(locateSpan("ab ab", "ab", 2)).toEqual({ start: 3, end: 5, exact: "ab", prefix: "ab ", suffix: "" });
    expect(() => locateSpan("ab ab", "ab", 3)).toThrow('"ab" occurs only 2 time(s), not 3');
  });
});

describe("SourceText.resolve", () => {
  it("finds a unique exact in a long repetitive text, in code points", () => {
    const text = new SourceText(`${"a".repeat(100_000)}😀 the claim ${"a".repeat(100_000)}`);
    expect(text.resolve({ exact: "the claim" })).toEqual({
      start: 100_002,
      end: 100_011,
      exact: "the claim",
      prefix: `${"a".repeat(30)}😀 `,
      suffix: ` ${"a".repeat(31)}`,
    });
  });

  it("lists every occurrence up to the cap when the exact words are ambiguous", () => {
    const text = new SourceText("ab ".repeat(MAX_OCCURRENCES));
    expect(text.resolve({ exact: "ab" })).toEqual({
      message: `the exact words occur ${MAX_OCCURRENCES} times (at code points 0, 3, 6, 9, 12, …); give start and end, or a prefix or suffix that picks one`,
      expected: "ab",
    });
  });

  it("refuses exact words that occur more often than the cap, even with a prefix that would pick one", () => {
    const text = new SourceText(`${"a".repeat(MAX_OCCURRENCES)}ba`);
    const refusal = {
      message:
        "the exact words occur more than 1,000 times, too often to search among; give start and end, or longer exact words",
      expected: "a",
    };
    expect(text.resolve({ exact: "a" })).toEqual(refusal);
    expect(text.resolve({ exact: "a", prefix: "b" })).toEqual(refusal);
    // One fewer occurrence and the prefix picks the last one.
    expect(new SourceText(`${"a".repeat(MAX_OCCURRENCES - 2)}ba`).resolve({ exact: "a", prefix: "b" })).toMatchObject({
      start: MAX_OCCURRENCES - 1,
      end: MAX_OCCURRENCES,
    });
  });

  it("still checks offsets in a text too repetitive to search", () => {
    const text = new SourceText("a".repeat(1_000_000));
    expect(text.resolve({ exact: "aaa", start: 500_000, end: 500_003 })).toMatchObject({
      start: 500_000,
      end: 500_003,
    });
  });

  it("cuts the match list at the limit it is given", () => {
    const text = new SourceText("x😀".repeat(5_000));
    expect(text.occurrences("x", 3)).toEqual([0, 2, 4]);
    expect(text.occurrences("x", MAX_OCCURRENCES + 1)).toHaveLength(MAX_OCCURRENCES + 1);
    expect(text.occurrences("x")).toHaveLength(5_000);
    expect(text.occurrences("y", 3)).toEqual([]);
  });
});

describe("SourceText.occurrences on a long text", () => {
  const words = ["alpha", "beta", "gamma😀", "delta", "épsilon", "zeta"];
  const parts: string[] = [];
  for (let i = 0; parts.join(" ").length < 200_000; i += 1) parts.push(`${words[i % 6]}${i}`);
  const raw = parts.join(" ");
  const naive = (exact: string) => {
    const found: number[] = [];
    for (let at = raw.indexOf(exact); at >= 0; at = raw.indexOf(exact, at + 1))
      found.push([...raw.slice(0, at)].length);
    return found;
  };

  it("finds the same offsets, in code points and in order, once it indexes the text", () => {
    const text = new SourceText(raw);
    const searched = ["alpha0 beta1", "gamma😀2 delta3", "a18 beta1", " zeta5", "absent words here"];
    // The first searches scan the text, later ones use its index: both must agree with a plain scan.
    for (let round = 0; round < 4; round += 1) {
      for (const exact of searched) expect(text.occurrences(exact)).toEqual(naive(exact));
    }
    expect(text.occurrences("alpha0 beta1", 2)).toEqual(naive("alpha0 beta1").slice(0, 2));
    const unique = `${parts[1000]} ${parts[1001]} `;
    expect(naive(unique)).toHaveLength(1);
    expect(text.resolve({ exact: unique })).toMatchObject({ start: naive(unique)[0], exact: unique });
  });
});
