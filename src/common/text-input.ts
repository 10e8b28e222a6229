import type { ApolloServerPlugin } from "@apollo/server";
import type { ASTVisitor, ValidationContext } from "graphql";
import { GraphQLError } from "graphql";
import { BadUserInputError } from "../errors";

/**
 * PostgreSQL text cannot hold U+0000: a string carrying it would fail in the database as an
 * internal error. It is refused where it enters instead, written in the query, in a variable
 * or in an export's query string.
 */
export const NUL_MESSAGE = "text cannot contain the NUL character (U+0000)";

export function hasNul(value: string): boolean {
  return value.includes("\0");
}

/** Validation rule: no string literal in the document carries U+0000. */
export function noNulInStrings(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (hasNul(node.value)) context.reportError(new GraphQLError(`String value: ${NUL_MESSAGE}.`, { nodes: node }));
    },
  };
}

/** The path (`filter.speakers[0]`) of the first string holding U+0000 in a variable's value. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return hasNul(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Refuses variables holding U+0000 before the operation runs, with a 400 and BAD_USER_INPUT. */
export function noNulInVariablesPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          for (const definition of operation?.variableDefinitions ?? []) {
            const name = definition.variable.name.value;
            const path = nulPath(request.variables?.[name], `$${name}`);
            if (path) throw new BadUserInputError(`Variable "${path}": ${NUL_MESSAGE}.`, undefined, 400);
          }
        },
      };
    },
  };
}
