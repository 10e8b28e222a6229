import type { ApolloServerPlugin } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { ComplexityEstimatorArgs } from "graphql-query-complexity";
import { getComplexity } from "graphql-query-complexity";
import type { ASTVisitor, ValidationContext } from "graphql";
import { getNamedType, GraphQLError, isLeafType } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { ErrorCode, rateLimitedMessage } from "../errors";
import type { Budget, RateLimiter } from "./rate-limit";
import { budgetHeaders } from "./rate-limit";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./connection";

/**
 * What one request may ask for, checked before any resolver or SQL runs. The defaults follow
 * the public limits of GitHub's and Shopify's GraphQL APIs, scaled to this schema.
 */
export interface QueryLimits {
  /** Largest cost of an operation, in points (MAX_QUERY_COST). */
  maxCost: number;
  /** Most selections the cost walk may visit, fragments expanded (MAX_QUERY_NODES). */
  maxNodes: number;
  /** Most aliased fields in a document (MAX_QUERY_ALIASES). */
  maxAliases: number;
  /** Most directives in a document (MAX_QUERY_DIRECTIVES). */
  maxDirectives: number;
  /** Most lexical tokens in a document (MAX_QUERY_TOKENS). */
  maxTokens: number;
  /** Longest document, in characters (MAX_QUERY_LENGTH). */
  maxLength: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxCost: 1_000,
  maxNodes: 10_000,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 3_000,
  maxLength: 10_000,
};

/** What an operation costs, as reported in a response's `extensions.cost`. */
export interface OperationCost {
  requested: number;
  limit: number;
}

export class QueryTooComplexError extends GraphQLError {
  constructor(message: string, details: Record<string, number> = {}) {
    super(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...details, http: { status: 400 } } });
  }
}

/** The page size a connection field will be read with: its `first` or `last`, within the allowed range. */
function pageSize(args: Record<string, unknown>): number {
  const asked = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  if (asked === undefined) return DEFAULT_PAGE_SIZE;
  // An out-of-range size is refused by the field itself, with an error naming the argument.
  return Math.min(Math.max(asked, 0), MAX_PAGE_SIZE);
}

/**
 * The cost model. A scalar or enum field costs nothing; an object field costs 1 plus what it
 * selects; a connection (a field taking `first`/`last`) costs 1 plus its page size times what one
 * item selects, so nested pages multiply as the rows they read do. A list without paging
 * arguments (an event's participants, a statement's topics) counts what one item selects: such
 * lists are short by nature or capped (the stance matrix). Fields may declare their own
 * complexity (type-graphql's `@Field({ complexity })`), which is added to what they select.
 */
export function estimateFieldCost({ field, args, childComplexity }: ComplexityEstimatorArgs): number {
  const own = field.extensions?.complexity;
  // A field may price itself by its arguments (extractContext by its text's length).
  const extra =
    typeof own === "number"
      ? own
      : typeof own === "function"
        ? Number(
            (own as (options: { args: Record<string, unknown>; childComplexity: number }) => number)({
              args,
              childComplexity,
            }),
          )
        : 0;
  if (isLeafType(getNamedType(field.type))) return extra;
  const paged = field.args.some((arg) => arg.name === "first") && field.args.some((arg) => arg.name === "last");
  return 1 + extra + (paged ? pageSize(args) * childComplexity : childComplexity);
}

/** Validation rule: at most `maxAliases` aliased fields and `maxDirectives` directives in a document. */
export function documentCaps(limits: Pick<QueryLimits, "maxAliases" | "maxDirectives">) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let directives = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === limits.maxAliases + 1) {
          context.reportError(
            new QueryTooComplexError(
              `The document has more than ${limits.maxAliases} aliased fields (MAX_QUERY_ALIASES); ask for fewer, or page through a list instead.`,
              { limit: limits.maxAliases },
            ),
          );
        }
      },
      Directive() {
        if (++directives === limits.maxDirectives + 1) {
          context.reportError(
            new QueryTooComplexError(
              `The document has more than ${limits.maxDirectives} directives (MAX_QUERY_DIRECTIVES).`,
              { limit: limits.maxDirectives },
            ),
          );
        }
      },
    };
  };
}

/** Where the cost of the request's operation, and its client's budget, are kept for the response. */
export interface CostHolder {
  cost?: OperationCost;
  client?: string;
  budget?: Budget;
}

export class RateLimitedError extends GraphQLError {
  constructor(budget: Budget) {
    super(rateLimitedMessage(budget), {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        http: { status: 429, headers: new HeaderMap([["retry-after", String(budget.resetSeconds)]]) },
      },
    });
  }
}

/**
 * Prices the operation once its variables are known (a validation rule cannot see them, so
 * `first: $n` would be priced wrong), and refuses it with QUERY_TOO_COMPLEX, before anything
 * runs, when it costs more than `maxCost` or its selections, fragments expanded, outnumber
 * `maxNodes`. The cost is kept on the context; every response reports it in `extensions.cost`.
 */
export function costLimitPlugin<TContext extends CostHolder>(
  limits: Pick<QueryLimits, "maxCost" | "maxNodes">,
  limiter?: RateLimiter,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Variables that do not fit their types are refused by execution, which then runs nothing.
          if (!coerced) return;
          let requested: number;
          try {
            requested = getComplexity({
              schema,
              query: document,
              variables: coerced,
              operationName: request.operationName ?? undefined,
              estimators: [estimateFieldCost],
              maxQueryNodes: limits.maxNodes,
            });
          } catch (error) {
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
              throw new QueryTooComplexError(
                `The operation selects more than ${limits.maxNodes} fields once its fragments are expanded (MAX_QUERY_NODES); select less, or spread fragments fewer times.`,
                { limit: limits.maxNodes },
              );
            }
            throw error;
          }
          contextValue.cost = { requested, limit: limits.maxCost };
          if (requested > limits.maxCost) {
            throw new QueryTooComplexError(
              `The operation costs ${requested} points, more than the ${limits.maxCost} allowed (MAX_QUERY_COST). Ask for smaller pages (first/last) or fewer nested lists; the README explains how cost is counted.`,
              { cost: requested, limit: limits.maxCost },
            );
          }
          // The request paid 1 point on arrival; the operation pays the rest of its price.
          if (limiter && contextValue.client !== undefined && requested > 1) {
            contextValue.budget = await limiter.charge(contextValue.client, requested - 1);
            if (!contextValue.budget.allowed) throw new RateLimitedError(contextValue.budget);
          }
        },
        async willSendResponse({ response, contextValue }) {
          const { budget, cost } = contextValue;
          if (budget) for (const [name, value] of budgetHeaders(budget)) response.http.headers.set(name, value);
          if (response.body.kind !== "single" || !cost) return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            cost: { ...cost, ...(budget ? { remaining: budget.remaining, resetsIn: budget.resetSeconds } : {}) },
          };
        },
      };
    },
  };
}
