import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as statements from "./statement.service";

export function createStatementLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => statements.findStatementsByIds(db, ids)),
    topicIds: make.lists((ids) => statements.topicIdsByStatements(db, ids)),
  };
}
