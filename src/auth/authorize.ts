/**
 * Who may run which root field. Reads are public; a field marked `@RequireScope(scope)` needs a
 * key granting that scope. The check runs twice: before execution, for every root field of the
 * operation at once (so a mutation with one field it may not run runs none, and the answer is
 * 401 or 403), and again by type-graphql's authChecker when the field resolves.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema, OperationDefinitionNode, SelectionSetNode, FragmentDefinitionNode } from "graphql";
import { Kind } from "graphql";
import type { AuthChecker } from "type-graphql";
import { Authorized } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../errors";
import type { Principal, Scope } from "./keys";
import { grants } from "./keys";

/** "Mutation.importContext" → the scope it needs. */
const required = new Map<string, Scope>();

/** Marks a root field as needing an API key with `scope`: a `@Mutation()` method, or a `@Query()` one with `root` "Query". */
export function RequireScope(scope: Scope, root: "Mutation" | "Query" = "Mutation"): MethodDecorator {
  return (target, property, descriptor) => {
    required.set(`${root}.${String(property)}`, scope);
    Authorized(scope)(target, property, descriptor);
  };
}

/** The scope a root field needs, if any. */
export function requiredScope(rootType: string, field: string): Scope | undefined {
  return required.get(`${rootType}.${field}`);
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless `principal` may use a field needing `scope`. */
export function assertScope(principal: Principal | undefined, scope: Scope, what: string): void {
  if (!principal) {
    throw new UnauthenticatedError(
      `${what} needs an API key with the ${scope} scope, sent as \`Authorization: Bearer nck_…\`; \`npm run keys -- create\` makes one.`,
    );
  }
  if (!grants(principal.scopes, scope)) {
    throw new ForbiddenError(
      `${what} needs the ${scope} scope; the key "${principal.name}" (${principal.prefix}…) has ${principal.scopes.join(", ") || "none"}.`,
      scope,
    );
  }
}

export const authChecker: AuthChecker<{ principal?: Principal }> = ({ context, info }, scopes) => {
  for (const scope of scopes as Scope[])
    assertScope(context.principal, scope, `${info.parentType.name}.${info.fieldName}`);
  return true;
};

/** The root fields an operation selects, fragments and inline fragments followed (directives are not weighed: a skipped field is still checked). */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      names.push(...rootFields(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments[selection.name.value];
      if (fragment) names.push(...rootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return names;
}

function rootTypeName(schema: GraphQLSchema, operation: OperationDefinitionNode): string | undefined {
  return schema.getRootType(operation.operation)?.name;
}

/** Refuses, before anything runs, an operation with a root field its key may not use. */
export function authorizationPlugin(): ApolloServerPlugin<{ principal?: Principal }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema, document, contextValue }) {
          if (!operation) return;
          const root = rootTypeName(schema, operation);
          if (!root) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          for (const field of new Set(rootFields(operation.selectionSet, fragments))) {
            const scope = requiredScope(root, field);
            if (scope) assertScope(contextValue.principal, scope, `${root}.${field}`);
          }
        },
      };
    },
  };
}
