import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { compiledResolvers } from "./common/select";
import { ActorResolver, PersonResolver, RoleResolver } from "./modules/actor/actor.resolver";
import { EventResolver, ParticipantResolver } from "./modules/event/event.resolver";
import { NodeResolver } from "./modules/node/node.resolver";
import { PositionResolver } from "./modules/position/position.resolver";
import {
  StanceCellResolver,
  StanceMatrixResolver,
  StanceMatrixRowResolver,
} from "./modules/position/stance-matrix.resolver";
import {
  RevisionChangeResolver,
  RevisionResolver,
  TombstoneResolver,
  VersionedResolver,
} from "./modules/revision/revision.resolver";
import { SearchResolver } from "./modules/search/search.resolver";
import { ProvenanceResolver, SourceResolver } from "./modules/source/source.resolver";
import { StatementCountResolver } from "./modules/statement/statement-counts.resolver";
import { StatementResolver } from "./modules/statement/statement.resolver";
import {
  ActorTimelineResolver,
  EventTimelineResolver,
  TimelineEntryResolver,
} from "./modules/timeline/timeline.resolver";
import { ApiKeyResolver } from "./modules/auth/api-key.resolver";
import { ImportResolver } from "./modules/ingest/import.resolver";
import { ExtractResolver } from "./modules/extract/extract.resolver";
import { StatementMutations } from "./modules/curation/statement.mutations";
import { TopicMutations } from "./modules/curation/topic.mutations";
import { PlaceMutations } from "./modules/curation/place.mutations";
import { ActorMutations } from "./modules/curation/actor.mutations";
import { EventMutations } from "./modules/curation/event.mutations";
import { RoleMutations } from "./modules/curation/role.mutations";
import { PositionMutations } from "./modules/curation/position.mutations";
import { authChecker } from "./auth/authorize";
import { TopicResolver } from "./modules/topic/topic.resolver";
import { CollectiveActor, Person } from "./modules/actor/actor.type";
import { Place } from "./modules/event/event.type";

export const resolvers = [
  NodeResolver,
  EventResolver,
  ParticipantResolver,
  ActorResolver,
  PersonResolver,
  RoleResolver,
  StatementResolver,
  PositionResolver,
  TopicResolver,
  SourceResolver,
  ProvenanceResolver,
  SearchResolver,
  StanceMatrixResolver,
  StanceMatrixRowResolver,
  StanceCellResolver,
  ActorTimelineResolver,
  EventTimelineResolver,
  TimelineEntryResolver,
  StatementCountResolver,
  ImportResolver,
  ExtractResolver,
  ApiKeyResolver,
  StatementMutations,
  TopicMutations,
  VersionedResolver,
  RevisionResolver,
  RevisionChangeResolver,
  TombstoneResolver,
  PlaceMutations,
  ActorMutations,
  EventMutations,
  RoleMutations,
  PositionMutations,
] as const;

const QUERY_DESCRIPTION =
  "Entry points: look up an event, actor, topic, statement or source by its slug or ID, list and filter them as connections, search the text, and ask for stance matrices, timelines and counts.";

const MUTATION_DESCRIPTION =
  "Writes, each needing an API key (`Authorization: Bearer nck_…`) with the scope its description names: import context bundles, curate single entities (context:curate), and manage keys. Every write is recorded as a revision.";

let cached: Promise<GraphQLSchema> | undefined;

/** The executable schema; built once per process (type-graphql metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    // Types reachable only through interfaces or `node(id:)`.
    orphanedTypes: [Person, CollectiveActor, Place],
    validate: false,
    authChecker,
  }).then((schema) => {
    // type-graphql has no decorator for the root type's own description.
    const query = schema.getQueryType();
    if (query) query.description = QUERY_DESCRIPTION;
    const mutation = schema.getMutationType();
    if (mutation) mutation.description = MUTATION_DESCRIPTION;
    compiledResolvers(schema);
    return schema;
  });
  return cached;
}
