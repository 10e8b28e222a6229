import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as sources from "./source.service";

export function createSourceLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => sources.findSourcesByIds(db, ids)),
  };
}
