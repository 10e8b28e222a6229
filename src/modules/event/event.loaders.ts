import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as events from "./event.service";

export function createEventLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => events.findEventsByIds(db, ids)),
    bySlug: make.byKey(
      (slugs: string[]) => events.findEventsBySlugs(db, slugs),
      (event) => event.slug,
    ),
    placeById: make.byId((ids) => events.findPlacesByIds(db, ids)),
    participants: make.lists((ids) => events.findParticipants(db, ids)),
    subEventIds: make.lists((ids) => events.subEventIds(db, ids)),
  };
}
