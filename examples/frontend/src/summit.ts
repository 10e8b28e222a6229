/**
 * A typed fetch of the summit's context with plain `fetch`: the generated TypedDocumentNode
 * carries the result and variables types, so `request` needs no casts at the call site.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import type { SummitContextQuery } from "./generated/graphql";
import { SummitContextDocument } from "./generated/graphql";

/** An error as the server sends it; every error a client can cause has an `extensions.code`. */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/** The server answered with an HTTP error or with GraphQL errors. */
export class GraphQLRequestError extends Error {
  readonly status: number;
  readonly errors: GraphQLErrorBody[];

  constructor(status: number, errors: GraphQLErrorBody[]) {
    const described = errors.map((error) => `${error.message} [${error.extensions?.code ?? "no code"}]`);
    super(described.length > 0 ? described.join("; ") : `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

/** POSTs one operation; its result type and variables type come from the document. */
export async function request<TResult, TVariables extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: TResult | null; errors?: GraphQLErrorBody[] };
  // Field errors come with HTTP 200, so `errors` is checked whatever the status.
  if (body.errors?.length || !response.ok || body.data == null) {
    throw new GraphQLRequestError(response.status, body.errors ?? []);
  }
  return body.data;
}

export type SummitContext = NonNullable<SummitContextQuery["event"]>;

/** The event with its place, participants, statements and positions. */
export async function fetchSummitContext(url: string, slug = "anchorage-summit-2025"): Promise<SummitContext> {
  const { event } = await request(url, SummitContextDocument, { slug });
  // An unknown slug is a NOT_FOUND error, which `request` throws; null here would be a server bug.
  if (!event) throw new Error(`event ${slug} came back null without an error`);
  return event;
}
