/**
 * The key a compiled object (src/common/select.ts) names its GraphQL type under. No response key
 * can take it (GraphQL names cannot start with `$`), so a client's aliases never shadow it.
 */
export const MARK = "$";

/** A compiled object: its fields under their response keys, its type under MARK. */
export type Compiled = Record<string, unknown> & { [MARK]: string };

export const isCompiled = (source: unknown): source is Compiled =>
  typeof source === "object" && source !== null && typeof (source as Record<string, unknown>)[MARK] === "string";

/** The GraphQL type of a value an abstract type resolves: a compiled object or a service record. */
export function typeNameOf(value: unknown): string {
  const record = value as Record<string, unknown>;
  return (isCompiled(record) ? record[MARK] : record.typename) as string;
}
