import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as topics from "./topic.service";

export function createTopicLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => topics.findTopicsByIds(db, ids)),
    bySlug: make.byKey(
      (slugs: string[]) => topics.findTopicsBySlugs(db, slugs),
      (topic) => topic.slug,
    ),
  };
}
