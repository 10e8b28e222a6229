import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { assertDistinct, idsOfSlugs } from "../../common/filter";
import { loadAllOrFail, loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import { BadUserInputError, clip } from "../../errors";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import type { TopicRecord } from "../topic/topic.service";
import { listTopicIds } from "../topic/topic.service";
import { Topic } from "../topic/topic.type";
import { Stance } from "./position.enums";
import type { PositionRecord } from "./position.service";
import { Position } from "./position.type";
import type { StanceCellRecord, StanceMatrixRecord } from "./stance-matrix.service";
import { latestPositions, matrixActorIds, stanceMatrix, topicIdsOfEvent } from "./stance-matrix.service";
import { StanceCell, StanceMatrix, StanceMatrixRow } from "./stance-matrix.type";

type RowRecord = StanceMatrixRecord["rows"][number];

/** A matrix's largest size: its columns (topics), asked for or defaulted, and its cells (rows × columns). */
export const MAX_MATRIX_TOPICS = 20;
export const MAX_MATRIX_CELLS = 10_000;

function checkTopics(count: number): void {
  if (count <= MAX_MATRIX_TOPICS) return;
  throw new BadUserInputError(
    `The matrix would have ${count} topics; it may have at most ${MAX_MATRIX_TOPICS}. Name the topics wanted in \`topics\`.`,
    "topics",
  );
}

@Resolver(() => StanceMatrix)
export class StanceMatrixResolver {
  @Query(() => StanceMatrix, {
    description:
      "Who stands where: for a set of topics (or the topics of an event's statements, or all topics), every actor's latest position on each. Actors default to everyone holding a position on one of the topics, plus the event's participants.",
  })
  async stanceMatrix(
    @Arg("topics", () => [String], { nullable: true, description: "Topic slugs, in the column order wanted." })
    topics: string[] | null | undefined,
    @Arg("event", () => String, {
      nullable: true,
      description: "An event slug: its statements' topics become the columns, its participants join the rows.",
    })
    event: string | null | undefined,
    @Arg("actors", () => [String], { nullable: true, description: "Actor slugs, in the row order wanted." })
    actors: string[] | null | undefined,
    @Ctx() { db, loaders, track }: Context,
  ): Promise<StanceMatrixRecord> {
    if (topics && event) throw new BadUserInputError("Pass `topics` or `event`, not both.", "event");
    assertDistinct(topics, "topics");
    assertDistinct(actors, "actors");
    checkTopics(topics?.length ?? 0);
    let eventId: number | undefined;
    if (event) {
      const found = await loaders.event.bySlug.load(event);
      if (!found) throw new BadUserInputError(`No event has slug "${clip(event)}" (in \`event\`).`, "event");
      eventId = found.id;
    }
    const topicIds =
      (await idsOfSlugs(loaders.topic.bySlug, topics, "topic", "topics")) ??
      (eventId !== undefined ? await track(topicIdsOfEvent(db, eventId)) : await track(listTopicIds(db)));
    checkTopics(topicIds.length);
    const actorIds = (await idsOfSlugs(loaders.actor.bySlug, actors, "actor", "actors")) ?? null;
    const latest = await track(latestPositions(db, actorIds, topicIds));
    const holderIds = new Set([...latest.values()].map((position) => position.holderId));
    const rowIds = actorIds ?? (await track(matrixActorIds(db, holderIds, eventId)));
    if (rowIds.length * topicIds.length > MAX_MATRIX_CELLS) {
      throw new BadUserInputError(
        `The matrix would have ${rowIds.length} actors × ${topicIds.length} topics, more than ${MAX_MATRIX_CELLS} cells. Name the actors wanted in \`actors\`, or fewer topics.`,
        "actors",
      );
    }
    return stanceMatrix(rowIds, topicIds, latest);
  }

  @FieldResolver(() => [Topic], { description: "The columns, in order." })
  topics(@Root() matrix: StanceMatrixRecord, @Ctx() { loaders }: Context): Promise<TopicRecord[]> {
    return loadAllOrFail(loaders.topic.byId, matrix.topicIds);
  }

  @FieldResolver(() => [Actor], { description: "The rows' actors, in order." })
  actors(@Root() matrix: StanceMatrixRecord, @Ctx() { loaders }: Context): Promise<ActorRecord[]> {
    return loadAllOrFail(loaders.actor.byId, matrix.actorIds);
  }

  @FieldResolver(() => [StanceMatrixRow], { description: "One row per actor, each with a cell per topic." })
  rows(@Root() matrix: StanceMatrixRecord): RowRecord[] {
    return matrix.rows;
  }
}

@Resolver(() => StanceMatrixRow)
export class StanceMatrixRowResolver {
  @FieldResolver(() => Actor, { description: "Whose row this is." })
  actor(@Root() row: RowRecord, @Ctx() { loaders }: Context): Promise<ActorRecord> {
    return loadOrFail(loaders.actor.byId, row.actorId);
  }

  @FieldResolver(() => [StanceCell], { description: "A cell per topic, in the matrix's topic order." })
  cells(@Root() row: RowRecord): StanceCellRecord[] {
    return row.cells;
  }
}

@Resolver(() => StanceCell)
export class StanceCellResolver {
  @FieldResolver(() => Topic, { description: "The cell's topic (column)." })
  topic(@Root() cell: StanceCellRecord, @Ctx() { loaders }: Context): Promise<TopicRecord> {
    return loadOrFail(loaders.topic.byId, cell.topicId);
  }

  @FieldResolver(() => Position, { nullable: true, description: "The latest position; null when unknown." })
  position(@Root() cell: StanceCellRecord, @Ctx() { loaders }: Context): Promise<PositionRecord> | null {
    return cell.positionId === null ? null : loadOrFail(loaders.position.byId, cell.positionId);
  }

  @FieldResolver(() => Stance, { nullable: true, description: "The latest position's stance; null when unknown." })
  stance(@Root() cell: StanceCellRecord): Stance | null {
    return cell.stance;
  }
}
