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

/**
 * How deeply a variable's value may nest lists and objects. The schema's deepest input (a filter
 * holding a list) needs 3; the cap is checked before anything walks a value recursively.
 */
export const MAX_INPUT_DEPTH = 16;

type Finding = { path: string; problem: "nul" | "depth" };

/** The first string holding U+0000, or the first value nested too deep, in a variable's value. */
function inspect(value: unknown, path: string, depth: number): Finding | undefined {
  if (typeof value === "string") return hasNul(value) ? { path, problem: "nul" } : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { path, problem: "depth" };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = inspect(item, `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
  } else {
    for (const [key, item] of Object.entries(value)) {
      const found = inspect(item, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** A path shown in an error, cut so a hostile value is not echoed back whole. */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 100)}…` : path;
}

/**
 * Refuses variables holding U+0000, or nesting lists and objects more than `MAX_INPUT_DEPTH`
 * deep, before the operation runs, with a 400 and BAD_USER_INPUT.
 */
export function checkedVariablesPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          for (const definition of operation?.variableDefinitions ?? []) {
            const name = definition.variable.name.value;
            const found = inspect(request.variables?.[name], `$${name}`, 0);
            if (found?.problem === "nul") {
              throw new BadUserInputError(`Variable "${shown(found.path)}": ${NUL_MESSAGE}.`, undefined, 400);
            }
            if (found) {
              throw new BadUserInputError(
                `Variable "$${name}" nests lists or objects more than ${MAX_INPUT_DEPTH} deep; no input needs that many levels.`,
                undefined,
                400,
              );
            }
          }
        },
      };
    },
  };
}
