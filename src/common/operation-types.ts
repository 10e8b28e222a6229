import type { ASTVisitor, ValidationContext } from "graphql";
import { GraphQLError } from "graphql";

/**
 * Validation rule: an operation of a type the schema has no root for (a subscription) is refused as invalid, not left to fail inside execution.
 */
export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const type = operation.operation;
      if (context.getSchema().getRootType(type)) return;
      const schema = context.getSchema();
      const offered = schema.getMutationType() ? "queries and mutations" : "queries";
      const name = operation.name ? `"${operation.name.value}" is a ${type}, but this` : "This";
      context.reportError(
        new GraphQLError(`${name} server offers no ${type} operations; it answers ${offered} only.`, {
          nodes: [operation],
        }),
      );
    },
  };
}
