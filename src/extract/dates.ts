import * as chrono from "chrono-node";

export interface StatementTime {
  saidAt: string;
  timePrecision: "DAY" | "MONTH" | "YEAR";
  timeBasis: "DERIVED";
  timeText: string;
}

/**
 * The first date expression of a sentence ("on Wednesday", "today", "last month"), resolved
 * against the publication date: the start of its day (or month) in UTC, DERIVED.
 */
export function resolveTime(sentence: string, publishedOn: string | undefined): StatementTime | undefined {
  if (!publishedOn) return undefined;
  const reference = new Date(`${publishedOn}T12:00:00Z`);
  const found = chrono.parse(sentence, { instant: reference, timezone: 0 }, { forwardDate: false })[0];
  if (!found) return undefined;
  const { start } = found;
  const date = start.date();
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  const dayKnown =
    start.isCertain("day") ||
    start.isCertain("weekday") ||
    /\b(?:today|yesterday|tomorrow|tonight)\b/i.test(found.text);
  const precision = dayKnown ? "DAY" : start.isCertain("month") || /\bmonth\b/i.test(found.text) ? "MONTH" : "YEAR";
  const saidAt = precision === "DAY" ? `${y}-${m}-${d}` : precision === "MONTH" ? `${y}-${m}-01` : `${y}-01-01`;
  return { saidAt: `${saidAt}T00:00:00Z`, timePrecision: precision, timeBasis: "DERIVED", timeText: found.text.trim() };
}
