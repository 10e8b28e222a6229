import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as statements from "./statement.service";

export function createStatementLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => statements.findStatementsByIds(db, ids)),
    idsBySpeaker: make.lists((ids) => statements.statementIdsBySpeakers(db, ids)),
    idsBySource: make.lists((ids) => statements.statementIdsBySources(db, ids)),
    idsByTopic: make.lists((ids) => statements.statementIdsByTopics(db, ids)),
    topicIds: make.lists((ids) => statements.topicIdsByStatements(db, ids)),
    aboutEventIds: make.lists((ids) => statements.aboutEventIdsByStatements(db, ids)),
  };
}
