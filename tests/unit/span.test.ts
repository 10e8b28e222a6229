import { codePointLength, locateSpan } from "../../src/seed/span";
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
