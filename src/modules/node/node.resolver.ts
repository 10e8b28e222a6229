import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { fromGlobalId, toGlobalId } from "../../common/global-id";
import { Node } from "../../common/node.type";
import type { Context } from "../../context";
import type { NodeRecord } from "./node.lookup";
import { loadNode, notFoundById } from "./node.lookup";

@Resolver(() => Node)
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Any object by its global ID; a NOT_FOUND error when there is none, whose `deletedIn` names the revision that deleted it, if one did.",
  })
  async node(
    @Arg("id", () => ID, { description: "A global ID, as returned in any `id` field." }) id: string,
    @Ctx() context: Context,
  ): Promise<NodeRecord> {
    const { type, id: rowId } = fromGlobalId(id);
    const node = await loadNode(context, type, rowId);
    if (!node) throw await notFoundById(context, type, rowId, id);
    return node;
  }

  @FieldResolver(() => ID)
  id(@Root() node: NodeRecord): string {
    return toGlobalId(node.typename, node.id);
  }
}
