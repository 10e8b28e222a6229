import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { FieldNode, FormattedExecutionResult, FragmentDefinitionNode, GraphQLResolveInfo } from "graphql";
import { Kind } from "graphql";
import { collectFields } from "graphql/execution/collectFields";
import { getArgumentValues, getVariableValues } from "graphql/execution/values";
import type { Context } from "./context";
import { AnswerText } from "./select";

/**
 * Direct answers. When every root field of a query is one the selection compiler answers whole
 * (below), each root field's JSON is written by PostgreSQL as text, in the client's key order and
 * with `__typename` in place, and the response is spliced from those texts: graphql-js does not
 * walk the answer, nothing parses it and nothing serialises it again. Validation, variables and
 * the root resolvers' own checks run as for any request; anything else (another root field, a
 * selection the compiler does not take, an error) and the request is executed as usual.
 */

/** Root fields that answer through `rootObject` or `selectPage` (src/select.ts). */
const DIRECT_ROOT_FIELDS = new Set([
  "event",
  "events",
  "actor",
  "actors",
  "person",
  "people",
  "statement",
  "statements",
  "topic",
  "topics",
  "positions",
  "source",
  "sources",
]);

/** `data` of a direct answer: its root fields' JSON texts, under their response keys, in order. */
export class DirectData {
  constructor(readonly fields: readonly (readonly [string, string])[]) {}

  toJSON(): never {
    throw new Error("DirectData is written by stringifyResult, which splices its texts");
  }
}

/** The response body, with a direct answer's data spliced in as it came from PostgreSQL. */
export function stringifyResult(result: FormattedExecutionResult): string {
  if (!(result.data instanceof DirectData)) return JSON.stringify(result);
  const { data, ...rest } = result as FormattedExecutionResult & { data: DirectData };
  const fields = data.fields.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(",");
  const others = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `,${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join("");
  return `{"data":{${fields}}${others}}`;
}

export function directAnswersPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, schema, document, request, contextValue }) {
          const queryType = schema.getQueryType();
          // Without an operation (an operationName the document lacks), execution reports it.
          if (!operation || !contextValue.compile || operation.operation !== "query" || !queryType) return null;
          const { coerced: variables, errors } = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
          );
          if (errors || !variables) return null;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const roots = [...collectFields(schema, fragments, variables, queryType, operation.selectionSet)];
          const name = (nodes: readonly FieldNode[]) => nodes[0]!.name.value;
          const names = roots.map(([, nodes]) => name(nodes));
          // A root field asked for twice (aliases of one list) is executed as usual, where the
          // aliases share one count of the list; a direct answer counts in each root's statement.
          if (new Set(names).size < names.length) return null;
          if (!names.every((field) => field === "__typename" || DIRECT_ROOT_FIELDS.has(field))) return null;

          const answer = async ([key, nodes]: [string, readonly FieldNode[]]): Promise<[string, string]> => {
            if (name(nodes) === "__typename") return [key, JSON.stringify(queryType.name)];
            const field = queryType.getFields()[name(nodes)]!;
            const info: GraphQLResolveInfo = {
              fieldName: field.name,
              fieldNodes: nodes,
              returnType: field.type,
              parentType: queryType,
              path: { prev: undefined, key, typename: queryType.name },
              schema,
              fragments,
              rootValue: undefined,
              operation,
              variableValues: variables,
            };
            const value: unknown = await field.resolve!(
              undefined,
              getArgumentValues(field, nodes[0]!, variables),
              contextValue,
              info,
            );
            if (!(value instanceof AnswerText)) throw new Error(`${field.name} did not answer as text`);
            return [key, value.json];
          };
          // Every root field is let finish before deciding, so none is still at work, reading
          // `direct`, when the request is executed as usual.
          contextValue.direct = true;
          const settled = await Promise.allSettled(roots.map(answer));
          contextValue.direct = false;
          const fields: [string, string][] = [];
          for (const outcome of settled) {
            if (outcome.status === "rejected") return null;
            fields.push(outcome.value);
          }
          const response: GraphQLResponse = {
            http: { status: undefined, headers: new HeaderMap() },
            body: {
              kind: "single",
              singleResult: { data: new DirectData(fields) as unknown as Record<string, unknown> },
            },
          };
          return response;
        },
      };
    },
  };
}
