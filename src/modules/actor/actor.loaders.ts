import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as actors from "./actor.service";

export function createActorLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => actors.findActorsByIds(db, ids)),
    bySlug: make.byKey(
      (slugs: string[]) => actors.findActorsBySlugs(db, slugs),
      (actor) => actor.slug,
    ),
    person: make.byKey(
      (ids: number[]) => actors.findPersonsByActorIds(db, ids),
      (person) => person.actorId,
    ),
    roles: make.lists((ids) => actors.findRoles(db, ids)),
    roleById: make.byId((ids) => actors.findRolesByIds(db, ids)),
  };
}
