import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { ConnectionArgs } from "../../common/connection";
import { fromGlobalId, fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { NotFoundError } from "../../errors";
import type { NodeRecord } from "../node/node.lookup";
import { loadNode } from "../node/node.lookup";
import type { DeletionRecord, RevisionChangeRecord, RevisionRecord, VersionedTypeName } from "./revision.service";
import { withGlobalIds } from "./revision.references";
import { changesOfRevision, entityKey, fieldChanges, modelOf, revisionsOf } from "./revision.service";
import {
  FieldChange,
  Revision,
  RevisionChange,
  RevisionChangeConnection,
  RevisionConnection,
  Tombstone,
  Versioned,
} from "./revision.type";

interface VersionedRecord {
  typename: VersionedTypeName;
  id: number;
}

interface TombstoneRecord extends Omit<DeletionRecord, "model" | "at"> {
  entityType: VersionedTypeName;
  deletedAt: Date;
}

@Resolver(() => Versioned)
export class VersionedResolver {
  @FieldResolver(() => RevisionConnection, {
    description: "The revisions that changed this object, newest first; the oldest created it.",
  })
  revisions(@Root() entity: VersionedRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(revisionsOf(modelOf(entity.typename)!), entity.id, args);
  }
}

@Resolver(() => Revision)
export class RevisionResolver {
  @Query(() => Revision, {
    nullable: true,
    description: "The revision with this ID; a NOT_FOUND error when there is none.",
  })
  async revision(
    @Arg("id", () => ID, { description: "The revision's global ID." }) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<RevisionRecord> {
    const revision = await loaders.revision.byId.load(fromGlobalIdOf("Revision", id));
    if (!revision) throw new NotFoundError("Revision", "id", id);
    return revision;
  }

  @Query(() => Tombstone, {
    nullable: true,
    description:
      "What is left of a deleted object: when and by which revision it was deleted, and its last state. Null when no deletion of it is recorded (it exists, or never did).",
  })
  async tombstone(
    @Arg("id", () => ID, { description: "The deleted object's global ID." }) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<TombstoneRecord | null> {
    const { type, id: rowId } = fromGlobalId(id);
    const model = modelOf(type);
    if (!model) return null;
    const deletion = await loaders.revision.deletion.load(entityKey(model, rowId));
    if (!deletion) return null;
    const entityType = type as VersionedTypeName;
    // An actor's ID names its kind: a person's ID does not find a deleted country.
    if (model === "Actor" && (deletion.lastState.kind === "PERSON") !== (type === "Person")) return null;
    const { entityId, revisionId, at, lastState } = deletion;
    return { entityType, entityId, revisionId, deletedAt: at, lastState };
  }

  @FieldResolver(() => RevisionChangeConnection, {
    description: "The objects this revision created, updated or deleted, in the order it wrote them.",
  })
  changes(@Root() revision: RevisionRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(changesOfRevision, revision.id, args);
  }
}

@Resolver(() => RevisionChange)
export class RevisionChangeResolver {
  @FieldResolver(() => ID, { description: "The changed object's global ID (also once it is deleted)." })
  entityId(@Root() change: RevisionChangeRecord): string {
    return toGlobalId(change.entityType, change.entityId);
  }

  @FieldResolver(() => Versioned, {
    nullable: true,
    description:
      "The changed object as it is now; null once it is deleted (`tombstone(id: entityId)` has its last state).",
  })
  entity(@Root() change: RevisionChangeRecord, @Ctx() context: Context): Promise<NodeRecord | null> {
    return loadNode(context, change.entityType, change.entityId);
  }

  @FieldResolver(() => [FieldChange], {
    description:
      "The fields the revision changed, by name, before and after; every field for a create (after) or a delete (before). References to other objects are their global IDs.",
  })
  fields(@Root() change: RevisionChangeRecord, @Ctx() context: Context): Promise<FieldChange[]> {
    return Promise.all(
      fieldChanges(change).map(async ({ field, before, after }) => ({
        field,
        before: await withGlobalIds(field, before, context),
        after: await withGlobalIds(field, after, context),
      })),
    );
  }
}

@Resolver(() => Tombstone)
export class TombstoneResolver {
  @FieldResolver(() => ID, { description: "The deleted object's global ID, as `node(id:)` knew it." })
  entityId(@Root() tombstone: TombstoneRecord): string {
    return toGlobalId(tombstone.entityType, tombstone.entityId);
  }

  @FieldResolver(() => Revision, { description: "The revision that deleted it." })
  deletedIn(@Root() tombstone: TombstoneRecord, @Ctx() { loaders }: Context): Promise<RevisionRecord> {
    return loadOrFail(loaders.revision.byId, tombstone.revisionId);
  }
}
