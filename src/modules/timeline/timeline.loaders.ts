import type { LoaderFactory } from "../../common/loaders";
import type { Db } from "../../db/client";
import * as timelines from "./timeline.service";

export function createTimelineLoaders(db: Db, make: LoaderFactory) {
  return {
    byActor: make.lists((ids) => timelines.actorTimelines(db, ids)),
    byEvent: make.lists((ids) => timelines.eventTimelines(db, ids)),
  };
}
