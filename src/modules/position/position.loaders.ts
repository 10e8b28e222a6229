import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as positions from "./position.service";

export function createPositionLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => positions.findPositionsByIds(db, ids)),
  };
}
