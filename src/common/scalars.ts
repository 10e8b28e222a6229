import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";

/** ISO 8601 instant, always in UTC (`2025-08-15T19:00:00.000Z`). */
export const DateTimeScalar = DateTimeResolver;
/** Calendar date without time zone (`2025-08-15`). */
export const LocalDateScalar = LocalDateResolver;
