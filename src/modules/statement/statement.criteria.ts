import { checkRange, idsOfSlugs } from "../../common/filter";
import type { Context } from "../../context";
import type { StatementFilter } from "./statement.inputs";
import type { StatementCriteria } from "./statement.service";

/** A client's statement filter checked and resolved: BAD_USER_INPUT for inverted ranges and unknown slugs. */
export async function statementCriteria(
  filter: StatementFilter | null | undefined,
  { loaders }: Pick<Context, "loaders">,
  argumentName = "filter",
): Promise<StatementCriteria> {
  if (!filter) return {};
  checkRange(filter.saidBetween, `${argumentName}.saidBetween`);
  const [speakerIds, topicIds, occasionIds] = await Promise.all([
    idsOfSlugs(loaders.actor.bySlug, filter.speakers, "actor", `${argumentName}.speakers`),
    idsOfSlugs(loaders.topic.bySlug, filter.topics, "topic", `${argumentName}.topics`),
    idsOfSlugs(loaders.event.bySlug, filter.occasions, "event", `${argumentName}.occasions`),
  ]);
  return {
    speakerIds,
    topicIds,
    occasionIds,
    kinds: filter.kinds ?? undefined,
    saidFrom: filter.saidBetween?.from ?? null,
    saidTo: filter.saidBetween?.to ?? null,
  };
}
