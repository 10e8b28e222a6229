import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import { topicSchema } from "../../bundle/schema";
import { fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import type { TopicRecord } from "../topic/topic.service";
import { Topic } from "../topic/topic.type";
import type { Tx } from "./curate";
import { checked, checkVersion, curate, countUpTo, describeUses, USE_COUNT_CAP, changedMeanwhile } from "./curate";
import { Deletion, deletion } from "./statement.mutations";

@InputType({ description: "A topic's fields, as a context bundle has them (`topics`)." })
export class TopicInput {
  @Field({ description: "Lowercase letters, digits and single hyphens; how bundles refer to the topic." })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({
  description:
    "Changes to a topic: fields given replace the stored ones (null clears the description); the slug stays.",
})
export class TopicChanges {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

async function currentTopic(tx: Tx, id: string, version: number) {
  const row = await tx.topic.findUnique({ where: { id: fromGlobalIdOf("Topic", id) } });
  if (!row) throw new NotFoundError("Topic", "ID", id);
  checkVersion("The topic", row, version);
  return row;
}

@Resolver()
export class TopicMutations {
  @RequireScope("context:curate")
  @Mutation(() => Topic, { description: "Adds a topic. Needs context:curate." })
  async createTopic(
    @Arg("input", () => TopicInput) input: TopicInput,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<TopicRecord> {
    const topic = checked(topicSchema, { ...input });
    const { value: id } = await curate(context.db, context.principal!, "createTopic", reason, async ({ tx, log }) => {
      const taken = await tx.topic.findUnique({ where: { slug: topic.slug }, select: { id: true } });
      if (taken) {
        throw new ConflictError(`A topic has slug "${topic.slug}" already.`, {
          argumentName: "input",
          field: "input.slug",
          existing: toGlobalId("Topic", taken.id),
        });
      }
      const row = await tx.topic.create({ data: { ...topic, description: topic.description ?? null } });
      log.created("Topic", row);
      return row.id;
    });
    return context.loaders.topic.byId.load(id) as Promise<TopicRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Topic, {
    description:
      "Changes a topic; `version` must be the one you read (else CONFLICT, and nothing is written). Needs context:curate.",
  })
  async updateTopic(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: "The topic's `version` as you read it." }) version: number,
    @Arg("input", () => TopicChanges) input: TopicChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<TopicRecord> {
    const { value: rowId } = await curate(
      context.db,
      context.principal!,
      "updateTopic",
      reason,
      async ({ tx, log }) => {
        const current = await currentTopic(tx, id, version);
        const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
        const topic = checked(topicSchema, {
          slug: current.slug,
          name: current.name,
          description: current.description,
          ...changes,
        });
        const { count } = await tx.topic.updateMany({
          where: { id: current.id, version },
          data: { name: topic.name, description: topic.description ?? null, version: { increment: 1 } },
        });
        if (count === 0) throw changedMeanwhile("The topic");
        const after = await tx.topic.findUniqueOrThrow({ where: { id: current.id } });
        log.updated("Topic", current, after);
        return current.id;
      },
    );
    return context.loaders.topic.byId.load(rowId) as Promise<TopicRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description:
      "Deletes a topic no statement or position uses (else CONFLICT, saying how many do). Needs context:curate.",
  })
  async deleteTopic(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: "The topic's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(context.db, context.principal!, "deleteTopic", reason, async ({ tx, log }) => {
      const current = await currentTopic(tx, id, version);
      // One after the other: a transaction runs on one connection.
      const take = USE_COUNT_CAP;
      const uses = {
        statements: await countUpTo(
          tx.statementTopic.findMany({ where: { topicId: current.id }, select: { statementId: true }, take }),
        ),
        positions: await countUpTo(
          tx.position.findMany({ where: { topicId: current.id }, select: { id: true }, take }),
        ),
      };
      if (uses.statements + uses.positions > 0) {
        throw new ConflictError(
          `The topic "${current.slug}" is used by ${describeUses(uses)}; change those first.`,
          uses,
        );
      }
      const { count } = await tx.topic.deleteMany({ where: { id: current.id, version } });
      if (count === 0) throw changedMeanwhile("The topic");
      log.deleted("Topic", current);
    });
    return deletion(context, id, revision);
  }
}
