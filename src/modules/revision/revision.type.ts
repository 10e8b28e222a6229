import { Field, Int, InterfaceType, ObjectType } from "type-graphql";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { DateTimeScalar, JSONScalar } from "../../common/scalars";
import { typeNameOf } from "../../common/type-name";
import { RevisionAction } from "./revision.enums";

@InterfaceType({
  implements: Node,
  description:
    "An object whose every change is recorded: its `version` counts the changes, its `revisions` list the writes that made them.",
  resolveType: typeNameOf,
})
export abstract class Versioned extends Node {
  @Field(() => Int, {
    description: "Starts at 1 and is incremented by every change; send it back to update or delete this object.",
  })
  version!: number;
}

@ObjectType({
  implements: Node,
  description:
    "One write: who made it, when, and by which bundle or mutation. Its changes are the objects it created, updated or deleted.",
})
export class Revision extends Node {
  @Field(() => DateTimeScalar, { description: "When the write was committed." })
  at!: Date;

  @Field({
    description:
      'Who wrote: the API key\'s name, or the command of a local write and its user ("seed", "npm run ingest (alice)").',
  })
  author!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The visible start of the API key that wrote ("nck_" and 8 characters); null for a local write.',
  })
  keyPrefix!: string | null;

  @Field({ description: 'The mutation or command that wrote ("importContext", "npm run ingest").' })
  operation!: string;

  @Field(() => String, { nullable: true, description: "Why, as the writer said; null when not given." })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "For a bundle's import: the bundle's lowercase hex SHA-256, as canonical JSON.",
  })
  bundleDigest!: string | null;

  @Field(() => String, { nullable: true, description: "For a bundle's import: the slug of the bundle's source." })
  sourceSlug!: string | null;
}

@ObjectType({ description: "One field of an object as a revision changed it." })
export class FieldChange {
  @Field({
    description:
      'The field, as stored ("text", "speakerId"). A reference\'s value is the global ID of what it refers to (a deleted actor keeps its database id).',
  })
  field!: string;

  @Field(() => JSONScalar, { nullable: true, description: "Its value before; null for a created object." })
  before!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "Its value after; null for a deleted object." })
  after!: unknown;
}

@ObjectType({ description: "What one revision did to one object." })
export class RevisionChange {
  @Field({ description: 'The object\'s GraphQL type ("Statement", "Person").' })
  entityType!: string;

  @Field(() => RevisionAction, { description: "Whether the object was created, updated or deleted." })
  action!: RevisionAction;

  @Field(() => Int, { description: "The object's version after the change (before it, for a delete)." })
  version!: number;
}

@ObjectType({ description: "A deleted object: when and by which revision it was deleted, and its last state." })
export class Tombstone {
  @Field({ description: 'The deleted object\'s GraphQL type ("Statement").' })
  entityType!: string;

  @Field(() => DateTimeScalar, { description: "When it was deleted (its revision's `at`)." })
  deletedAt!: Date;

  @Field(() => JSONScalar, {
    description: "Every stored field of the object as it was just before it was deleted, by field name.",
  })
  lastState!: unknown;
}

export const RevisionConnection = ConnectionType(Revision, "Revision", "revision");
export const RevisionChangeConnection = ConnectionType(RevisionChange, "RevisionChange", "change");
