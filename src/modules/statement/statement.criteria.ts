import { checkRange, idsOfSlugs } from "../../common/filter";
import type { Context } from "../../context";
import type { StatementFilter } from "./statement.inputs";
import type { StatementCriteria } from "./statement.service";

/** What to call each filter part in error messages: GraphQL argument paths, or query parameters. */
export interface FilterNames {
  speakers: string;
  topics: string;
  occasions: string;
  saidBetween: string;
}

const GRAPHQL_NAMES: FilterNames = {
  speakers: "filter.speakers",
  topics: "filter.topics",
  occasions: "filter.occasions",
  saidBetween: "filter.saidBetween",
};

/** A client's statement filter checked and resolved: BAD_USER_INPUT for inverted ranges and unknown slugs. */
export async function statementCriteria(
  filter: StatementFilter | null | undefined,
  { loaders }: Pick<Context, "loaders">,
  names: FilterNames = GRAPHQL_NAMES,
): Promise<StatementCriteria> {
  if (!filter) return {};
  checkRange(filter.saidBetween, names.saidBetween);
  const [speakerIds, topicIds, occasionIds] = await Promise.all([
    idsOfSlugs(loaders.actor.bySlug, filter.speakers, "actor", names.speakers),
    idsOfSlugs(loaders.topic.bySlug, filter.topics, "topic", names.topics),
    idsOfSlugs(loaders.event.bySlug, filter.occasions, "event", names.occasions),
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
