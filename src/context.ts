import { randomUUID } from "node:crypto";
import type { Principal } from "./auth/keys";
import type { Db } from "./db/client";
import type { Extractor } from "./extract/pool";
import type { OperationCost } from "./common/limits";
import type { Budget } from "./common/rate-limit";
import type { LoaderFactory } from "./common/loaders";
import { createLoaderFactory } from "./common/loaders";
import type { PageReader } from "./common/pages";
import { createPageReader } from "./common/pages";
import { createActorLoaders } from "./modules/actor/actor.loaders";
import { createEventLoaders } from "./modules/event/event.loaders";
import { createPositionLoaders } from "./modules/position/position.loaders";
import { createRevisionLoaders } from "./modules/revision/revision.loaders";
import { createSourceLoaders } from "./modules/source/source.loaders";
import { createStatementLoaders } from "./modules/statement/statement.loaders";
import { createTopicLoaders } from "./modules/topic/topic.loaders";

export function createLoaders(db: Db, make: LoaderFactory) {
  return {
    actor: createActorLoaders(db, make),
    event: createEventLoaders(db, make),
    position: createPositionLoaders(db, make),
    revision: createRevisionLoaders(db, make),
    source: createSourceLoaders(db, make),
    statement: createStatementLoaders(db, make),
    topic: createTopicLoaders(db, make),
  };
}

export interface Context {
  db: Db;
  /** Fresh per request, so batching and caching never leak across requests. */
  loaders: ReturnType<typeof createLoaders>;
  /** Reads connections: one page in SQL, child pages batched per parent. */
  pages: PageReader;
  /** Runs a database call outside the loaders in step with them (see createLoaderFactory). */
  track: LoaderFactory["track"];
  requestId: string;
  /** Whether root fields may be answered by the selection compiler (src/select.ts). */
  compile: boolean;
  /** Set while root fields are asked for their answers as JSON text (src/direct.ts). */
  direct: boolean;
  /** The operation's price, once known (src/common/limits.ts; reported in /metrics). */
  cost?: OperationCost;
  /** Who the request is charged to, and their budget after the last charge, when rate limits are on. */
  client?: string;
  budget?: Budget;
  /** The API key the request was made with; absent for an anonymous request (reads only). */
  principal?: Principal;
  /** The request's `Idempotency-Key` header, for a mutation that takes one. */
  idempotencyKey?: string;
  /** How long a write may take (WRITE_TIMEOUT_MS). */
  writeTimeoutMs?: number;
  /** The server's extraction threads; without them (a context made outside a server) `extractContext` extracts in place. */
  extractor?: Extractor;
}

export function createContext(db: Db, requestId: string = randomUUID(), compile = true): Context {
  const make = createLoaderFactory();
  return {
    db,
    loaders: createLoaders(db, make),
    pages: createPageReader(db, make),
    track: make.track,
    requestId,
    compile,
    direct: false,
  };
}
