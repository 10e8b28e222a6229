import { Field, Int, ObjectType } from "type-graphql";
import { Revision } from "../revision/revision.type";
import { Source } from "../source/source.type";

@ObjectType({ description: "How many of each kind of row an import created, updated, left unchanged or deleted." })
export class EntityCounts {
  @Field(() => Int, { description: "The source itself (0 or 1)." })
  sources!: number;

  @Field(() => Int)
  places!: number;

  @Field(() => Int, { description: "Persons and collective actors." })
  actors!: number;

  @Field(() => Int)
  topics!: number;

  @Field(() => Int)
  events!: number;

  @Field(() => Int, { description: "Event participants, as this source claims them." })
  participants!: number;

  @Field(() => Int, { description: "Roles (offices held) this source attests." })
  roles!: number;

  @Field(() => Int)
  statements!: number;

  @Field(() => Int)
  positions!: number;
}

@ObjectType({ description: "What importing a context bundle did: the same answer `npm run ingest -- --json` prints." })
export class ImportSummary {
  @Field({ description: "The slug of the bundle's source." })
  sourceSlug!: string;

  @Field(() => Source, { description: "The source as stored after the import." })
  source!: Source;

  @Field(() => Int, {
    description:
      "The revision of the source's text after the import: 1 for its first text, one more for each change of it.",
  })
  sourceRevision!: number;

  @Field({ description: "False when the import wrote nothing: this bundle had been imported already, as it is." })
  changed!: boolean;

  @Field({
    description:
      "True when this is the stored answer to an earlier request with the same idempotency key; nothing was done this time.",
  })
  replayed!: boolean;

  @Field(() => Revision, {
    nullable: true,
    description: "The revision recording the import's changes; null when nothing changed.",
  })
  revision!: Revision | null;

  @Field(() => EntityCounts)
  created!: EntityCounts;

  @Field(() => EntityCounts, {
    description: "Rows the bundle changed: its own, and shared entities that gained fields they lacked.",
  })
  updated!: EntityCounts;

  @Field(() => EntityCounts)
  unchanged!: EntityCounts;

  @Field(() => EntityCounts, { description: "Rows of this source the bundle no longer lists." })
  deleted!: EntityCounts;

  @Field(() => [String], {
    description: "Keys of statements and roles whose span moved because the source's text changed.",
  })
  reanchored!: string[];

  @Field(() => [String], {
    description:
      "Where a shared entity (actor, event, topic, place) is stored with values other than the bundle's: the stored ones are kept; a curator changes them.",
  })
  notes!: string[];
}
