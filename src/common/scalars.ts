import type { ValueNode } from "graphql";
import { GraphQLError, GraphQLScalarType, print } from "graphql";
import { DateTimeResolver, JSONResolver, LocalDateResolver } from "graphql-scalars";
import { clip } from "../errors";

const DATE_TIME_EXAMPLES = '"2025-08-15T19:00:00Z" or "2025-08-15T11:00:00-08:00"';

function refusedDateTime(shown: string, node?: ValueNode): GraphQLError {
  const bareDate = /^"\d{4}-\d{2}-\d{2}"$/.test(shown) ? "; a date alone is not enough" : "";
  return new GraphQLError(
    `DateTime must be an instant with its UTC offset, such as ${DATE_TIME_EXAMPLES} (got ${clip(shown)})${bareDate}.`,
    node ? { nodes: node } : undefined,
  );
}

/** PostgreSQL has no year 0, and four digits print every year the database and cursors hold. */
const YEARS = { first: 1, last: 9999 };

function outOfRange(shown: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(
    `Dates must fall in the years ${YEARS.first} to ${YEARS.last} (got ${clip(shown)}).`,
    node ? { nodes: node } : undefined,
  );
}

function yearInRange(year: number): boolean {
  return year >= YEARS.first && year <= YEARS.last;
}

/**
 * ISO 8601 instant, always served in UTC (`2025-08-15T19:00:00.000Z`). graphql-scalars' DateTime,
 * with a refusal that shows the accepted form: a reader who types "2025-08-20" learns what to add.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue(value) {
    let date: Date;
    try {
      date = DateTimeResolver.parseValue(value);
    } catch {
      throw refusedDateTime(JSON.stringify(value) ?? String(value));
    }
    if (!yearInRange(date.getUTCFullYear())) throw outOfRange(JSON.stringify(value) ?? String(value));
    return date;
  },
  parseLiteral(node, variables) {
    let date: Date;
    try {
      date = DateTimeResolver.parseLiteral(node, variables);
    } catch {
      throw refusedDateTime(print(node), node);
    }
    if (!yearInRange(date.getUTCFullYear())) throw outOfRange(print(node), node);
    return date;
  },
});

/** The year of a `YYYY-MM-DD` date graphql-scalars accepted, checked against the database's range. */
function checkedLocalDate<T>(value: T, shown: string, node?: ValueNode): T {
  if (typeof value !== "string" || !yearInRange(Number(value.slice(0, 4)))) throw outOfRange(shown, node);
  return value;
}

/** Calendar date without time zone (`2025-08-15`), in the years 1 to 9999. */
export const LocalDateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  parseValue(value) {
    return checkedLocalDate(LocalDateResolver.parseValue(value), JSON.stringify(value) ?? String(value));
  },
  parseLiteral(node, variables) {
    return checkedLocalDate(LocalDateResolver.parseLiteral(node, variables), print(node), node);
  },
});

/** Any JSON value (graphql-scalars' JSON), served as stored: a revision's field values, a deleted object's last state. */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description:
    "Any JSON value: an object, array, string, number, boolean or null. Dates inside it are ISO 8601 strings.",
});
