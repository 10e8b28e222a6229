import type { Db } from "../../db/client";
import type { LoaderFactory } from "../../common/loaders";
import * as positions from "./position.service";

export function createPositionLoaders(db: Db, make: LoaderFactory) {
  return {
    byId: make.byId((ids) => positions.findPositionsByIds(db, ids)),
    idsByHolder: make.lists((ids) => positions.positionIdsByHolders(db, ids)),
    idsByTopic: make.lists((ids) => positions.positionIdsByTopics(db, ids)),
    evidenceIds: make.lists((ids) => positions.evidenceIdsByPositions(db, ids)),
    idsByEvidence: make.lists((ids) => positions.positionIdsByEvidence(db, ids)),
  };
}
