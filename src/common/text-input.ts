import type { ApolloServerPlugin } from "@apollo/server";
import type { ASTVisitor, TypeNode, ValidationContext } from "graphql";
import { GraphQLError, Kind } from "graphql";
import { BadUserInputError, clip } from "../errors";

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

/**
 * How many items a list argument may hold: filters take slugs and kinds by the list, and
 * nothing a client needs takes more. Checked, like the depth, before anything walks the value.
 */
export const MAX_LIST_INPUT = 100;

type Finding = { path: string; problem: "nul" | "depth" | "length" };

/** The first string holding U+0000, or the first value nested too deep, in a variable's value. */
function inspect(value: unknown, path: string, depth: number, capLists: boolean): Finding | undefined {
  if (typeof value === "string") return hasNul(value) ? { path, problem: "nul" } : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { path, problem: "depth" };
  if (Array.isArray(value)) {
    if (capLists && value.length > MAX_LIST_INPUT) return { path, problem: "length" };
    for (const [index, item] of value.entries()) {
      const found = inspect(item, `${path}[${index}]`, depth + 1, capLists);
      if (found) return found;
    }
  } else {
    for (const [key, item] of Object.entries(value)) {
      const found = inspect(item, `${path}.${key}`, depth + 1, capLists);
      if (found) return found;
    }
  }
  return undefined;
}

/** Validation rule: no list written in the document holds more than `MAX_LIST_INPUT` items. */
export function listInputCap(context: ValidationContext): ASTVisitor {
  return {
    ListValue(node) {
      if (node.values.length > MAX_LIST_INPUT) {
        context.reportError(
          new GraphQLError(`A list holds ${node.values.length} items; arguments take at most ${MAX_LIST_INPUT}.`, {
            nodes: node,
          }),
        );
      }
    },
  };
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
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
            // A JSON value (a bundle to import) holds lists as long as its schema allows, not MAX_LIST_INPUT.
            const json = namedType(definition.type) === "JSON";
            const found = inspect(request.variables?.[name], `$${name}`, 0, !json);
            if (found?.problem === "nul") {
              throw new BadUserInputError(`Variable "${clip(found.path)}": ${NUL_MESSAGE}.`, undefined, 400);
            }
            if (found?.problem === "length") {
              throw new BadUserInputError(
                `Variable "${clip(found.path)}" is a list of more than ${MAX_LIST_INPUT} items; arguments take at most ${MAX_LIST_INPUT}.`,
                undefined,
                400,
              );
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
