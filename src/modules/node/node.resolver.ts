import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { NodeTypeName } from "../../common/global-id";
import { fromGlobalId, toGlobalId } from "../../common/global-id";
import { Node } from "../../common/node.type";
import type { Context } from "../../context";
import { assertNever, NotFoundError } from "../../errors";

interface NodeRecord {
  typename: NodeTypeName;
  id: number;
}

function loaderFor(type: NodeTypeName, { loaders }: Context): { load(id: number): Promise<NodeRecord | null> } {
  switch (type) {
    case "Event":
      return loaders.event.byId;
    case "Place":
      return loaders.event.placeById;
    case "Person":
    case "CollectiveActor":
      return loaders.actor.byId;
    case "Statement":
      return loaders.statement.byId;
    case "Position":
      return loaders.position.byId;
    case "Topic":
      return loaders.topic.byId;
    case "Source":
      return loaders.source.byId;
    case "Role":
      return loaders.actor.roleById;
    default:
      return assertNever(type);
  }
}

@Resolver(() => Node)
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "Any object by its global ID; a NOT_FOUND error when there is none.",
  })
  async node(
    @Arg("id", () => ID, { description: "A global ID, as returned in any `id` field." }) id: string,
    @Ctx() context: Context,
  ): Promise<NodeRecord> {
    const { type, id: rowId } = fromGlobalId(id);
    const node = await loaderFor(type, context).load(rowId);
    if (!node || node.typename !== type) throw new NotFoundError(type, "id", id);
    return node;
  }

  @FieldResolver(() => ID)
  id(@Root() node: NodeRecord): string {
    return toGlobalId(node.typename, node.id);
  }
}
