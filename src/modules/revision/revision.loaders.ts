import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as revisions from "./revision.service";

export function createRevisionLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => revisions.findRevisionsByIds(db, ids)),
    /** An entity's last recorded deletion, by `entityKey`; null for one never deleted. */
    deletion: make.byKey(
      (keys: string[]) => revisions.findDeletions(db, keys),
      (deletion) => deletion.key,
    ),
  };
}
