/** `[...text].slice(start, end).join("")`: how a client checks a provenance span. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}
