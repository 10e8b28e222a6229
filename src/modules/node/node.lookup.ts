import type { NodeTypeName } from "../../common/global-id";
import { toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { assertNever, clip, NotFoundError } from "../../errors";
import { entityKey, modelOf } from "../revision/revision.service";

export interface NodeRecord {
  typename: NodeTypeName;
  id: number;
}

export function loaderFor(type: NodeTypeName, { loaders }: Context): { load(id: number): Promise<NodeRecord | null> } {
  switch (type) {
    case "Event":
      return loaders.event.byId;
    case "Place":
      return loaders.event.placeById;
    case "Person":
    case "CollectiveActor":
      return loaders.actor.byId;
    case "Role":
      return loaders.actor.roleById;
    case "Statement":
      return loaders.statement.byId;
    case "Position":
      return loaders.position.byId;
    case "Topic":
      return loaders.topic.byId;
    case "Source":
      return loaders.source.byId;
    case "Revision":
      return loaders.revision.byId;
    default:
      return assertNever(type);
  }
}

/** The object of this type and row id, or null when there is none (of this type). */
export async function loadNode(context: Context, type: NodeTypeName, id: number): Promise<NodeRecord | null> {
  const node = await loaderFor(type, context).load(id);
  return node && node.typename === type ? node : null;
}

/**
 * NOT_FOUND for an ID that names no object; for an object that was deleted, the error's
 * `deletedIn` is the global ID of the revision that deleted it (its `tombstone(id:)` has the rest).
 */
export async function notFoundById(
  context: Pick<Context, "loaders">,
  type: NodeTypeName,
  rowId: number,
  globalId: string,
): Promise<NotFoundError> {
  const model = modelOf(type);
  const deletion = model ? await context.loaders.revision.deletion.load(entityKey(model, rowId)) : null;
  if (!deletion) return new NotFoundError(type, "id", globalId);
  const deletedIn = toGlobalId("Revision", deletion.revisionId);
  return new NotFoundError(type, "id", globalId, {
    message: `No ${type} has id "${clip(globalId)}": it was deleted by revision "${deletedIn}".`,
    deletedIn,
  });
}
