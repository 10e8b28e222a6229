import type { ASTVisitor, ValidationContext } from "graphql";
import { GraphQLError } from "graphql";

/**
 * Validation rule: an operation of a type the schema has no root for (a mutation or subscription
 * while only queries are served) is refused as invalid, not left to fail inside execution.
 */
export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const type = operation.operation;
      if (context.getSchema().getRootType(type)) return;
      const name = operation.name ? `"${operation.name.value}" is a ${type}, but this` : "This";
      context.reportError(
        new GraphQLError(`${name} server offers no ${type} operations; it answers queries only.`, {
          nodes: [operation],
        }),
      );
    },
  };
}
