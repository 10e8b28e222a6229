/**
 * A revision keeps the columns it changed as stored, references included (`speakerId: 8`). A
 * client knows objects by their global IDs, so references are shown as those.
 */
import type { NodeTypeName } from "../../common/global-id";
import { toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";

/** Stored reference fields whose target's type is known from the field alone. */
const FIXED: Record<string, NodeTypeName> = {
  sourceId: "Source",
  topicId: "Topic",
  placeId: "Place",
  parentId: "Event",
  occasionId: "Event",
  eventId: "Event",
  statementId: "Statement",
  positionId: "Position",
  personId: "Person",
  topics: "Topic",
  about: "Event",
  evidence: "Statement",
};

/** Fields referring to an actor, a Person or a CollectiveActor: its kind decides its ID. */
const ACTOR = new Set(["speakerId", "holderId", "organizationId", "actorId"]);

const isId = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/**
 * A field's value with its references as global IDs: a number, or a list of numbers (a
 * statement's topics). An actor no longer stored keeps its database id: its kind is unknown.
 */
export async function withGlobalIds(field: string, value: unknown, { loaders }: Context): Promise<unknown> {
  const fixed = FIXED[field];
  if (fixed) {
    if (isId(value)) return toGlobalId(fixed, value);
    if (Array.isArray(value) && value.every(isId)) return value.map((id) => toGlobalId(fixed, id));
    return value;
  }
  if (ACTOR.has(field) && isId(value)) {
    const actor = await loaders.actor.byId.load(value);
    return actor ? toGlobalId(actor.typename, value) : value;
  }
  return value;
}
