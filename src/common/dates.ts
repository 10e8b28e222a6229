/** A `@db.Date` value (midnight UTC) as `YYYY-MM-DD`. */
export function toLocalDate(value: Date): string;
export function toLocalDate(value: Date | null): string | null;
export function toLocalDate(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}
