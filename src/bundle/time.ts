import type { TimePrecision } from "../generated/prisma/enums";

const ZERO_FROM: Record<TimePrecision, string[]> = {
  MINUTE: ["second"],
  HOUR: ["minute", "second"],
  DAY: ["hour", "minute", "second"],
  MONTH: ["hour", "minute", "second"],
  YEAR: ["hour", "minute", "second"],
};

/**
 * Why a stored instant is not the start of its period in its time zone (as the API documents
 * DAY, MONTH and YEAR times to be), or undefined when it is.
 */
export function precisionMismatch(instant: Date, zone: string | null, precision: TimePrecision): string | undefined {
  const timeZone = zone ?? "UTC";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const ones: string[] = precision === "MONTH" ? ["day"] : precision === "YEAR" ? ["month", "day"] : [];
  const ok =
    ZERO_FROM[precision].every((unit) => Number(parts[unit]) === 0) && ones.every((unit) => Number(parts[unit]) === 1);
  return ok ? undefined : `${instant.toISOString()} is not the start of a ${precision} in ${timeZone}`;
}
