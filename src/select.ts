import type { GraphQLResolveInfo } from "graphql";
import { getNamedType } from "graphql";
import type { ConnectionArgs, ConnectionShape } from "./common/connection";
import type { Compiled, FieldCompiler, Mappings } from "./common/select";
import {
  childConnection,
  column,
  compileScope,
  date,
  globalId,
  instant,
  list,
  MARK,
  NotCompilable,
  rootConnectionJson,
  sameRow,
  toOne,
  toOneOf,
  valueJson,
} from "./common/select";
import type { ListQuery } from "./common/pages";
import type { Context } from "./context";
import { NotFoundError } from "./errors";
import { Prisma } from "./generated/prisma/client";
import { eventsOfParticipant, eventsStatementIsAbout } from "./modules/event/event.service";
import {
  positionsByHolder,
  positionsByTopic,
  positionsEvidencedBy,
  positionsOfEvent,
} from "./modules/position/position.service";
import {
  evidenceOfPosition,
  statementsBySource,
  statementsBySpeaker,
  statementsByTopic,
  statementsOfEvent,
} from "./modules/statement/statement.service";
import type { RevisedModel } from "./modules/revision/revision.service";
import { revisionsOf } from "./modules/revision/revision.service";
import { actorTimeline, eventTimeline } from "./modules/timeline/timeline.service";

/**
 * How the selection compiler (src/common/select.ts) reads each GraphQL type from its table. A
 * field missing here is answered by its resolver (the whole root field then is).
 */
const columns = (...names: string[]): Record<string, FieldCompiler> =>
  Object.fromEntries(names.map((name) => [name, column(name)]));

/** The fields of every Versioned type: its version and the revisions that changed it. */
const versioned = (model: RevisedModel): Record<string, FieldCompiler> => ({
  version: column("version"),
  revisions: childConnection(revisionsOf(model)),
});

const actorFields = (typeName: "Person" | "CollectiveActor"): Record<string, FieldCompiler> => ({
  id: globalId(typeName),
  ...versioned("Actor"),
  ...columns("slug", "name", "names", "kind", "description"),
  statements: childConnection(statementsBySpeaker),
  positions: childConnection(positionsByHolder),
  events: childConnection(eventsOfParticipant),
  timeline: childConnection(actorTimeline),
});

const personColumn =
  (name: string): FieldCompiler =>
  (_scope, row) =>
    Prisma.raw(`(SELECT pe."${name}" FROM "Person" pe WHERE pe."actorId" = ${row}."id")`);

const provenance = {
  ...columns("start", "end", "exact"),
  prefix: ((_scope, row) => Prisma.raw(`coalesce(${row}."prefix", '')`)) as FieldCompiler,
  suffix: ((_scope, row) => Prisma.raw(`coalesce(${row}."suffix", '')`)) as FieldCompiler,
  source: toOne("Source", (row, alias) => `${alias}.id = ${row}."sourceId"`, "sourceId"),
};

export const MAPPINGS: Mappings = {
  discriminators: {
    Actor: (row) => `CASE WHEN ${row}.kind = 'PERSON' THEN 'Person' ELSE 'CollectiveActor' END`,
  },
  objects: {
    Event: {
      id: globalId("Event"),
      ...versioned("Event"),
      ...columns("slug", "title", "kind", "description", "timeZone", "timePrecision", "timeBasis", "timeNote"),
      ...columns("status", "statusBasis"),
      startsAt: instant("startsAt"),
      location: toOne("Place", (row, alias) => `${alias}.id = ${row}."placeId"`),
      parent: toOne("Event", (row, alias) => `${alias}.id = ${row}."parentId"`),
      subEvents: list(
        "Event",
        (row, alias) => `${alias}."parentId" = ${row}.id`,
        (alias) => `${alias}."startsAt" ASC NULLS LAST, ${alias}.id`,
      ),
      participants: list(
        "EventParticipant",
        (row, alias) => `${alias}."eventId" = ${row}.id`,
        (alias) => `${alias}.role, ${alias}."actorId"`,
      ),
      statements: childConnection(statementsOfEvent),
      positions: childConnection(positionsOfEvent),
      timeline: childConnection(eventTimeline),
    },
    Place: {
      id: globalId("Place"),
      ...versioned("Place"),
      ...columns("name", "locality", "region", "country", "countryCode", "note"),
      coordinates: sameRow(
        (row) =>
          `${row}.latitude IS NOT NULL AND ${row}.longitude IS NOT NULL AND ${row}."coordinatesBasis" IS NOT NULL`,
      ),
    },
    Coordinates: {
      ...columns("latitude", "longitude"),
      basis: column("coordinatesBasis"),
    },
    Participant: {
      ...columns("role", "note"),
      actor: toOne("Actor", (row, alias) => `${alias}.id = ${row}."actorId"`),
    },
    Person: {
      ...actorFields("Person"),
      givenName: personColumn("givenName"),
      familyName: personColumn("familyName"),
      roles: list(
        "Role",
        (row, alias) => `${alias}."personId" = ${row}.id`,
        (alias) => `${alias}."startDate" DESC NULLS LAST, ${alias}.id`,
      ),
    },
    CollectiveActor: actorFields("CollectiveActor"),
    Role: {
      id: globalId("Role"),
      ...versioned("Role"),
      ...columns("title", "spanBasis", "note"),
      startDate: date("startDate"),
      endDate: date("endDate"),
      organization: toOne("Actor", (row, alias) => `${alias}.id = ${row}."organizationId"`),
      provenance: sameRow(
        (row) =>
          `${row}."sourceId" IS NOT NULL AND ${row}.start IS NOT NULL AND ${row}."end" IS NOT NULL AND ${row}.exact IS NOT NULL`,
      ),
    },
    Statement: {
      id: globalId("Statement"),
      ...versioned("Statement"),
      ...columns("kind", "text", "verb", "timeZone", "timePrecision", "timeBasis", "timeText"),
      saidAt: instant("saidAt"),
      speaker: toOne("Actor", (row, alias) => `${alias}.id = ${row}."speakerId"`),
      occasion: toOne("Event", (row, alias) => `${alias}.id = ${row}."occasionId"`, "occasionId"),
      topics: list(
        "Topic",
        (row, alias) =>
          `${alias}.id IN (SELECT st."topicId" FROM "StatementTopic" st WHERE st."statementId" = ${row}.id)`,
        (alias) => `${alias}.name, ${alias}.id`,
      ),
      provenance: sameRow(),
      positions: childConnection(positionsEvidencedBy),
      aboutEvents: childConnection(eventsStatementIsAbout),
    },
    Provenance: provenance,
    Revision: {
      id: globalId("Revision"),
      at: instant("at"),
      ...columns("author", "keyPrefix", "operation", "reason", "bundleDigest", "sourceSlug"),
    },
    TimelineEntry: {
      ...columns("timeZone", "timePrecision", "dating"),
      at: instant("at"),
      item: toOneOf({ Event: "Event", Statement: "Statement", Position: "Position" }),
    },
    Source: {
      id: globalId("Source"),
      ...versioned("Source"),
      ...columns("slug", "title", "dateline", "publisher", "url", "language", "publishedOnBasis", "note"),
      ...columns("text", "textLength", "sha256"),
      publishedOn: date("publishedOn"),
      statements: childConnection(statementsBySource),
    },
    Topic: {
      id: globalId("Topic"),
      ...versioned("Topic"),
      ...columns("slug", "name", "description"),
      statements: childConnection(statementsByTopic),
      positions: childConnection(positionsByTopic),
    },
    Position: {
      id: globalId("Position"),
      ...versioned("Position"),
      ...columns("stance", "summary", "conditions", "asOfBasis"),
      asOf: date("asOf"),
      holder: toOne("Actor", (row, alias) => `${alias}.id = ${row}."holderId"`),
      topic: toOne("Topic", (row, alias) => `${alias}.id = ${row}."topicId"`, "topicId"),
      evidence: childConnection(evidenceOfPosition),
    },
  },
};

/** A root field's answer as JSON text, for a response served as PostgreSQL wrote it (src/direct.ts). */
export class AnswerText {
  constructor(readonly json: string) {}
}

/** The root field cannot be answered as JSON text: the request is executed field by field instead. */
export class NotDirect extends Error {}

type Compiling = Pick<Context, "db" | "track" | "compile" | "direct">;

/** The selection's compile scope; in a direct answer, a selection the compiler cannot take ends it. */
function compileFor(context: Compiling, info: GraphQLResolveInfo) {
  return compileScope(info, MAPPINGS, context.direct);
}

function notCompiled(context: Compiling, error: unknown): undefined {
  if (!(error instanceof NotCompilable)) throw error;
  if (context.direct) throw new NotDirect(error.message);
  return undefined;
}

/**
 * A root field's whole answer from one SQL statement, or undefined when its selection has a
 * field the compiler does not cover (the resolvers then answer it). Null when no row matches.
 */
async function selectOne(
  context: Compiling,
  info: GraphQLResolveInfo,
  table: string,
  where: (alias: string) => Prisma.Sql,
): Promise<Compiled | AnswerText | null | undefined> {
  if (!context.compile) return undefined;
  const scope = compileFor(context, info);
  const alias = scope.alias("root");
  let json: Prisma.Sql;
  try {
    json = valueJson(scope, info.returnType, alias, info.fieldNodes);
  } catch (error) {
    return notCompiled(context, error);
  }
  const from = Prisma.sql`FROM ${Prisma.raw(`"${table}" ${alias}`)} WHERE ${where(alias)} LIMIT 1`;
  if (context.direct) {
    const rows = await context.track(
      context.db.$queryRaw<{ r: string }[]>(Prisma.sql`SELECT (${json})::text AS r ${from}`),
    );
    return rows[0] ? new AnswerText(rows[0].r) : null;
  }
  const rows = await context.track(context.db.$queryRaw<{ r: Compiled }[]>(Prisma.sql`SELECT ${json} AS r ${from}`));
  return rows[0]?.r ?? null;
}

/** How a root field finds its one object: by a key's value, in SQL and through a loader. */
export interface RootLookup<T> {
  table: string;
  /** The GraphQL type a NOT_FOUND error names. */
  typeName: string;
  key: "slug" | "id";
  /** The value as the client gave it, for the error. */
  value: string;
  where: (alias: string) => Prisma.Sql;
  load: () => Promise<T | null | undefined>;
  /** The error for an absent object, where it says more than NOT_FOUND alone (a deletion). */
  missing?: () => Promise<Error>;
}

/** The object of `table` with this slug (the GraphQL type named as the table). */
export function bySlug<T>(table: string, slug: string, load: () => Promise<T | null | undefined>): RootLookup<T> {
  return {
    table,
    typeName: table,
    key: "slug",
    value: slug,
    where: (row) => Prisma.sql`${Prisma.raw(row)}.slug = ${slug}`,
    load,
  };
}

/** The object of `table` with this row id, asked for by its global ID `id`. */
export function byRowId<T>(
  table: string,
  id: string,
  rowId: number,
  load: () => Promise<T | null | undefined>,
  missing?: () => Promise<Error>,
): RootLookup<T> {
  return {
    table,
    typeName: table,
    key: "id",
    value: id,
    where: (row) => Prisma.sql`${Prisma.raw(row)}.id = ${rowId}`,
    load,
    missing,
  };
}

/** A root object: compiled from its selection where it can be, else loaded; NOT_FOUND when absent. */
export async function rootObject<T>(
  context: Compiling,
  info: GraphQLResolveInfo,
  lookup: RootLookup<T>,
): Promise<T | Compiled | AnswerText> {
  const compiled = await selectOne(context, info, lookup.table, lookup.where);
  const found = compiled === undefined ? await lookup.load() : compiled;
  if (!found)
    throw lookup.missing ? await lookup.missing() : new NotFoundError(lookup.typeName, lookup.key, lookup.value);
  return found;
}

/**
 * A root connection's whole answer from one SQL statement, or undefined (see `selectOne`). Its
 * `totalCount`, when selected, is the request's one count of the list (`pages.count`), shared by
 * the list's aliases.
 */
export async function selectPage<T>(
  context: Compiling & Pick<Context, "pages">,
  info: GraphQLResolveInfo,
  query: ListQuery<T>,
  args: ConnectionArgs,
): Promise<ConnectionShape<T> | AnswerText | undefined> {
  if (!context.compile) return undefined;
  const scope = compileFor(context, info);
  if (context.direct) {
    // Counted in the answer's own statement (a direct answer asks for each root field once).
    let json: Prisma.Sql;
    try {
      json = rootConnectionJson(scope, query as ListQuery<unknown>, args, info, "inline")!;
    } catch (error) {
      return notCompiled(context, error);
    }
    const [row] = await context.track(context.db.$queryRaw<{ r: string }[]>(Prisma.sql`SELECT (${json})::text AS r`));
    return new AnswerText(row!.r);
  }
  const countKeys: string[] = [];
  let json: Prisma.Sql | null;
  try {
    json = rootConnectionJson(scope, query as ListQuery<unknown>, args, info, countKeys);
  } catch (error) {
    return notCompiled(context, error);
  }
  const connection: Record<string, unknown> = json
    ? (await context.track(context.db.$queryRaw<{ r: Record<string, unknown> }[]>(Prisma.sql`SELECT ${json} AS r`)))[0]!
        .r
    : { [MARK]: getNamedType(info.returnType).name };
  for (const key of countKeys) connection[key] = context.pages.count(query);
  return connection as unknown as ConnectionShape<T>;
}
