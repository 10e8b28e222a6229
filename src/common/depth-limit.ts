import type { ASTVisitor, FragmentDefinitionNode, SelectionSetNode, ValidationContext } from "graphql";
import { GraphQLError, Kind } from "graphql";

/** How deep a query may nest fields. The frontend's summit query needs 7; introspection is not counted. */
export const MAX_QUERY_DEPTH = 12;

/**
 * Measures depths with each fragment's depth remembered once found, so a document costs time in
 * proportion to its length: a fragment spread twice at every level would otherwise be walked
 * 2^levels times.
 */
class DepthMeter {
  private readonly known = new Map<string, number>();
  private readonly visiting = new Set<string>();

  constructor(private readonly fragments: Map<string, FragmentDefinitionNode>) {}

  depthOf(selectionSet: SelectionSetNode | undefined): number {
    if (!selectionSet) return 0;
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        deepest = Math.max(deepest, 1 + this.depthOf(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, this.depthOf(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, this.fragmentDepth(selection.name.value));
      }
    }
    return deepest;
  }

  private fragmentDepth(name: string): number {
    const known = this.known.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    // A fragment cycle is reported by graphql-js's own NoFragmentCycles rule.
    if (!fragment || this.visiting.has(name)) return 0;
    this.visiting.add(name);
    const depth = this.depthOf(fragment.selectionSet);
    this.visiting.delete(name);
    this.known.set(name, depth);
    return depth;
  }
}

/**
 * Rejects operations nesting fields deeper than `maxDepth`: every connection level can
 * multiply a response by up to 100, so depth bounds the work one request can ask for.
 */
export function depthLimit(maxDepth: number = MAX_QUERY_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const meter = new DepthMeter(fragments);
    return {
      OperationDefinition(operation) {
        const depth = meter.depthOf(operation.selectionSet);
        if (depth > maxDepth) {
          const name = operation.name ? `"${operation.name.value}"` : "The operation";
          context.reportError(
            new GraphQLError(`${name} nests fields ${depth} deep; at most ${maxDepth} levels are allowed.`, {
              nodes: [operation],
            }),
          );
        }
      },
    };
  };
}
