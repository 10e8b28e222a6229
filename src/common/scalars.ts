import type { ValueNode } from "graphql";
import { GraphQLError, GraphQLScalarType, print } from "graphql";
import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";

const DATE_TIME_EXAMPLES = '"2025-08-15T19:00:00Z" or "2025-08-15T11:00:00-08:00"';

function refusedDateTime(shown: string, node?: ValueNode): GraphQLError {
  const bareDate = /^"\d{4}-\d{2}-\d{2}"$/.test(shown) ? "; a date alone is not enough" : "";
  return new GraphQLError(
    `DateTime must be an instant with its UTC offset, such as ${DATE_TIME_EXAMPLES} (got ${shown})${bareDate}.`,
    node ? { nodes: node } : undefined,
  );
}

/**
 * ISO 8601 instant, always served in UTC (`2025-08-15T19:00:00.000Z`). graphql-scalars' DateTime,
 * with a refusal that shows the accepted form: a reader who types "2025-08-20" learns what to add.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue(value) {
    try {
      return DateTimeResolver.parseValue(value);
    } catch {
      throw refusedDateTime(JSON.stringify(value) ?? String(value));
    }
  },
  parseLiteral(node, variables) {
    try {
      return DateTimeResolver.parseLiteral(node, variables);
    } catch {
      throw refusedDateTime(print(node), node);
    }
  },
});

/** Calendar date without time zone (`2025-08-15`). */
export const LocalDateScalar = LocalDateResolver;
