import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
} from "graphql";
import { defaultFieldResolver, getNamedType, isAbstractType, isObjectType } from "graphql";
import { collectSubfields } from "graphql/execution/collectFields";
import { getArgumentValues } from "graphql/execution/values";
import { Prisma } from "../generated/prisma/client";
import type { ConnectionArgs } from "./connection";
import { DEFAULT_PAGE_SIZE, validateConnectionArgs } from "./connection";
import type { PageWindow, SortKey } from "./keyset";
import { listFingerprint, pageSelect, pageWindow } from "./keyset";
import type { ChildListQuery, ListQuery } from "./pages";
import { isCompiled, MARK } from "./type-name";

export { MARK } from "./type-name";

/**
 * Selection compiler: turns the selection under a root field into one SQL statement that builds
 * the answer as JSON (nested objects as subqueries, lists with `json_agg`, connections as
 * LATERAL-free limited subqueries), so a request costs one statement per root field whatever
 * its depth and fan-out. Compiled objects carry their type name under `"$"` and their fields under their response
 * keys; `compiledResolvers` makes every field read those keys. A selection with a field no
 * mapping covers, or arguments best refused where they stand, is not compiled: the resolvers
 * answer it, as before.
 */

/** The selection cannot be compiled (an unmapped field, or an argument to refuse in place). */
export class NotCompilable extends Error {}

const typeMark = (name: string) => Prisma.raw(quoteLiteral(name));

export interface CompileScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  mappings: Mappings;
  /**
   * Whether the JSON is the answer itself, served as PostgreSQL wrote it (see src/direct.ts): no
   * type marks, and `__typename` written in its place. Otherwise graphql-js walks the JSON, its
   * resolvers reading each field (`compiledResolvers`) and the type under MARK.
   */
  final: boolean;
  /** A fresh table alias. */
  alias(base: string): string;
}

export interface FieldPlan {
  nodes: readonly FieldNode[];
  def: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
}

/** SQL of one field's value on a row aliased `row`. */
export type FieldCompiler = (scope: CompileScope, row: string, field: FieldPlan) => Prisma.Sql;

/** Per GraphQL object type, how each field is read; per abstract type, how a row picks its type. */
export interface Mappings {
  objects: Record<string, Record<string, FieldCompiler>>;
  /** SQL naming the concrete type of a row of an abstract type (`CASE … END`). */
  discriminators: Record<string, (row: string) => string>;
}

const raw = (text: string) => Prisma.raw(text);

/**
 * The pairs a compiled object starts with: its type under MARK, where graphql-js will read it.
 * `__typename` is left to graphql-js then; in a final answer it is written where it stands.
 */
function head(scope: CompileScope, typeName: string): [string, Prisma.Sql][] {
  return scope.final ? [] : [[MARK, typeMark(typeName)]];
}

function typename(scope: CompileScope, pairs: [string, Prisma.Sql][], key: string, typeName: string) {
  if (scope.final) pairs.push([key, typeMark(typeName)]);
}

/**
 * json_build_object takes at most 100 arguments: longer objects are merged from parts, through
 * jsonb, which orders keys its own way; a final answer must keep the client's order, so it is
 * not compiled then.
 */
function jsonObject(scope: CompileScope, pairs: [string, Prisma.Sql][]): Prisma.Sql {
  if (scope.final && pairs.length > 45) throw new NotCompilable("an object of more than 45 fields");
  if (pairs.length === 0) return raw("json_build_object()");
  const chunks: Prisma.Sql[] = [];
  for (let at = 0; at < pairs.length; at += 45) {
    const part = pairs.slice(at, at + 45).map(([key, value]) => Prisma.sql`${raw(quoteLiteral(key))}, ${value}`);
    chunks.push(Prisma.sql`json_build_object(${Prisma.join(part)})`);
  }
  if (chunks.length === 1) return chunks[0]!;
  return Prisma.sql`(${Prisma.join(
    chunks.map((chunk) => Prisma.sql`${chunk}::jsonb`),
    " || ",
  )})::json`;
}

/** A string as an SQL literal; response keys and type names are GraphQL names, but quote anyway. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function fieldsOf(scope: CompileScope, type: GraphQLObjectType, nodes: readonly FieldNode[]) {
  return collectSubfields(scope.schema, scope.fragments, scope.variables, type, nodes);
}

/** The selection of `nodes` on a row of the concrete type, as a JSON object. */
export function objectJson(scope: CompileScope, type: GraphQLObjectType, row: string, nodes: readonly FieldNode[]) {
  const compilers = scope.mappings.objects[type.name];
  if (!compilers) throw new NotCompilable(type.name);
  const pairs = head(scope, type.name);
  for (const [key, fieldNodes] of fieldsOf(scope, type, nodes)) {
    const name = fieldNodes[0]!.name.value;
    if (name === "__typename") {
      typename(scope, pairs, key, type.name);
      continue;
    }
    const compile = compilers[name];
    const def = type.getFields()[name];
    if (!compile || !def) throw new NotCompilable(`${type.name}.${name}`);
    const args = getArgumentValues(def, fieldNodes[0]!, scope.variables);
    pairs.push([key, compile(scope, row, { nodes: fieldNodes, def, args })]);
  }
  return jsonObject(scope, pairs);
}

/** The selection on a row whose GraphQL type is `type` (an object, interface or union). */
export function valueJson(scope: CompileScope, type: GraphQLOutputType, row: string, nodes: readonly FieldNode[]) {
  const named = getNamedType(type);
  if (isObjectType(named)) return objectJson(scope, named, row, nodes);
  if (!isAbstractType(named)) throw new NotCompilable(named.name);
  const discriminate = scope.mappings.discriminators[named.name];
  if (!discriminate) throw new NotCompilable(named.name);
  const cases = scope.schema
    .getPossibleTypes(named)
    .map(
      (concrete) =>
        Prisma.sql`WHEN ${raw(quoteLiteral(concrete.name))} THEN ${objectJson(scope, concrete, row, nodes)}`,
    );
  return Prisma.sql`(CASE ${raw(discriminate(row))} ${Prisma.join(cases, " ")} END)`;
}

// Field compilers, by kind of field.

/** A column as it is (text, numbers, booleans, enums, arrays). */
export const column =
  (name: string): FieldCompiler =>
  (_scope, row) =>
    raw(`${row}."${name}"`);

/** An instant, as the DateTime scalar serves it (`2025-08-15T19:00:00.000Z`). */
export const instant =
  (name: string): FieldCompiler =>
  (_scope, row) =>
    raw(`to_char(${row}."${name}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A calendar date (`2025-08-15`). */
export const date =
  (name: string): FieldCompiler =>
  (_scope, row) =>
    raw(`to_char(${row}."${name}", 'YYYY-MM-DD')`);

/** SQL of `base64url(text)` without padding, as global IDs and cursors are written. */
function base64url(text: string): string {
  return `rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
}

/** The global ID of a row: `typeName` is a literal name or SQL choosing one. */
export const globalId =
  (typeName: string | ((row: string) => string)): FieldCompiler =>
  (_scope, row) => {
    const name = typeof typeName === "string" ? quoteLiteral(typeName) : typeName(row);
    return raw(base64url(`${name} || ':' || ${row}."id"`));
  };

/** Whether a selection on a concrete type asks for nothing but `id` (and `__typename`). */
function onlyId(scope: CompileScope, type: GraphQLOutputType, nodes: readonly FieldNode[]): boolean {
  const named = getNamedType(type);
  if (!isObjectType(named)) return false;
  return [...fieldsOf(scope, named, nodes).values()].every((fieldNodes) =>
    ["id", "__typename"].includes(fieldNodes[0]!.name.value),
  );
}

/** The `id` (and `__typename`) selected on an object of a concrete type, made from its key `idSql`. */
function idOnlyJson(scope: CompileScope, type: GraphQLObjectType, nodes: readonly FieldNode[], idSql: string) {
  const pairs = head(scope, type.name);
  for (const [key, fieldNodes] of fieldsOf(scope, type, nodes)) {
    if (fieldNodes[0]!.name.value === "__typename") typename(scope, pairs, key, type.name);
    if (fieldNodes[0]!.name.value === "id")
      pairs.push([key, raw(base64url(`${quoteLiteral(type.name)} || ':' || ${idSql}`))]);
  }
  return jsonObject(scope, pairs);
}

/**
 * An object read from another row: `on(row, alias)` gives the join condition. With `foreignKey`,
 * a selection of the object's `id` alone is made from the key, without reading the other row.
 */
export const toOne =
  (table: string, on: (row: string, alias: string) => string, foreignKey?: string): FieldCompiler =>
  (scope, row, field) => {
    if (foreignKey && onlyId(scope, field.def.type, field.nodes)) {
      const key = `${row}."${foreignKey}"`;
      const json = idOnlyJson(scope, getNamedType(field.def.type) as GraphQLObjectType, field.nodes, key);
      return Prisma.sql`(CASE WHEN ${raw(key)} IS NOT NULL THEN ${json} END)`;
    }
    const alias = scope.alias("o");
    return Prisma.sql`(SELECT ${valueJson(scope, field.def.type, alias, field.nodes)} FROM ${raw(`"${table}" ${alias}`)} WHERE ${raw(on(row, alias))})`;
  };

/**
 * An object of one of several types (a union or interface), each in its own table: the row's
 * `type` column names the type and its `id` column the object. A selection of `id` alone is made
 * from the row, without reading the object's.
 */
export const toOneOf =
  (tables: Record<string, string>): FieldCompiler =>
  (scope, row, field) => {
    const named = getNamedType(field.def.type);
    if (!isAbstractType(named)) throw new NotCompilable(named.name);
    const cases = scope.schema.getPossibleTypes(named).map((concrete) => {
      const table = tables[concrete.name];
      if (!table) throw new NotCompilable(concrete.name);
      const id = `${row}."id"`;
      if (onlyId(scope, concrete, field.nodes)) {
        return Prisma.sql`WHEN ${typeMark(concrete.name)} THEN ${idOnlyJson(scope, concrete, field.nodes, id)}`;
      }
      const alias = scope.alias("o");
      return Prisma.sql`WHEN ${typeMark(concrete.name)} THEN (SELECT ${objectJson(scope, concrete, alias, field.nodes)} FROM ${raw(`"${table}" ${alias}`)} WHERE ${raw(`${alias}.id = ${id}`)})`;
    });
    return Prisma.sql`(CASE ${raw(`${row}."type"`)} ${Prisma.join(cases, " ")} END)`;
  };

/** An object made of columns of the same row (a provenance, coordinates); null when `present` fails. */
export const sameRow =
  (present?: (row: string) => string): FieldCompiler =>
  (scope, row, field) => {
    const object = valueJson(scope, field.def.type, row, field.nodes);
    return present ? Prisma.sql`(CASE WHEN ${raw(present(row))} THEN ${object} END)` : object;
  };

/** A plain list: rows of `table` for the row, in `order`. */
export const list =
  (table: string, on: (row: string, alias: string) => string, order: (alias: string) => string): FieldCompiler =>
  (scope, row, field) => {
    const alias = scope.alias("l");
    return Prisma.sql`(SELECT coalesce(json_agg(${valueJson(scope, field.def.type, alias, field.nodes)} ORDER BY ${raw(order(alias))}), '[]'::json)
      FROM ${raw(`"${table}" ${alias}`)} WHERE ${raw(on(row, alias))})`;
  };

/** The SQL of a cursor for the page row `page` (see `encodeCursor`; the JSON differs only in spacing). */
function cursorSql(scope: string, fingerprint: string, keys: readonly SortKey[], page: string): string {
  const values = keys.map((_, index) => `${page}."_k${index}"`).join(", ");
  const json = `replace(json_build_array(${values})::text, '", "', '","')`;
  return base64url(`'cursor:v2:${scope}:' || ${fingerprint} || ':' || ${json}`);
}

interface ConnectionSource {
  scope: string;
  keys: readonly SortKey[];
  columns: Prisma.Sql;
  from: Prisma.Sql;
  where: Prisma.Sql;
  /** SQL of the list's fingerprint. */
  fingerprint: string;
  /** SQL counting the list; or, for a count run apart, where to note the response keys asking for it. */
  count: Prisma.Sql | string[];
}

/** A connection's selection over one list window, as a JSON object. */
function connectionJson(
  scope: CompileScope,
  source: ConnectionSource,
  window: PageWindow,
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
): Prisma.Sql | null {
  const connectionType = getNamedType(type) as GraphQLObjectType;
  const page = scope.alias("page");
  const inPage = `${page}."_n" <= ${window.size}`;
  const listOrder = `${page}."_n" ${window.backward ? "DESC" : "ASC"}`;
  const reverseOrder = `${page}."_n" ${window.backward ? "ASC" : "DESC"}`;
  const more = `count(*) > ${window.size}`;
  const fingerprintAlias = scope.alias("fp");
  const cursor = cursorSql(source.scope, `${fingerprintAlias}.fp`, source.keys, page);
  let readsCursors = false;
  const nodeField = (edgeOrConnection: GraphQLObjectType, fieldNodes: readonly FieldNode[]) =>
    valueJson(
      scope,
      edgeOrConnection.getFields().node?.type ?? edgeOrConnection.getFields().nodes!.type,
      page,
      fieldNodes,
    );
  const pairs = head(scope, connectionType.name);
  let readsPage = false;
  for (const [key, fieldNodes] of fieldsOf(scope, connectionType, nodes)) {
    const name = fieldNodes[0]!.name.value;
    if (name === "__typename") {
      typename(scope, pairs, key, connectionType.name);
      continue;
    }
    readsPage ||= name !== "totalCount";
    if (name === "totalCount") {
      if (Array.isArray(source.count)) source.count.push(key);
      else pairs.push([key, Prisma.sql`(${source.count})`]);
    } else if (name === "nodes") {
      const node = nodeField(connectionType, fieldNodes);
      pairs.push([
        key,
        Prisma.sql`coalesce(json_agg(${node} ORDER BY ${raw(listOrder)}) FILTER (WHERE ${raw(inPage)}), '[]'::json)`,
      ]);
    } else if (name === "edges") {
      const edgeType = getNamedType(connectionType.getFields().edges!.type) as GraphQLObjectType;
      const edgePairs = head(scope, edgeType.name);
      for (const [edgeKey, edgeNodes] of fieldsOf(scope, edgeType, fieldNodes)) {
        const edgeField = edgeNodes[0]!.name.value;
        if (edgeField === "__typename") {
          typename(scope, edgePairs, edgeKey, edgeType.name);
          continue;
        }
        if (edgeField === "cursor") {
          readsCursors = true;
          edgePairs.push([edgeKey, raw(cursor)]);
        } else if (edgeField === "node") edgePairs.push([edgeKey, nodeField(edgeType, edgeNodes)]);
        else throw new NotCompilable(`${edgeType.name}.${edgeField}`);
      }
      pairs.push([
        key,
        Prisma.sql`coalesce(json_agg(${jsonObject(scope, edgePairs)} ORDER BY ${raw(listOrder)}) FILTER (WHERE ${raw(inPage)}), '[]'::json)`,
      ]);
    } else if (name === "pageInfo") {
      const after = window.after !== undefined;
      const before = window.before !== undefined;
      const info: Record<string, string> = {
        hasNextPage: window.backward ? String(before) : `(${more} OR ${before})`,
        hasPreviousPage: window.backward ? `(${more} OR ${after})` : String(after),
        startCursor: `(array_agg(${cursor} ORDER BY ${listOrder}) FILTER (WHERE ${inPage}))[1]`,
        endCursor: `(array_agg(${cursor} ORDER BY ${reverseOrder}) FILTER (WHERE ${inPage}))[1]`,
      };
      const infoType = getNamedType(connectionType.getFields().pageInfo!.type) as GraphQLObjectType;
      const infoPairs = head(scope, infoType.name);
      for (const [infoKey, infoNodes] of fieldsOf(scope, infoType, fieldNodes)) {
        const infoField = infoNodes[0]!.name.value;
        if (infoField === "__typename") {
          typename(scope, infoPairs, infoKey, infoType.name);
          continue;
        }
        if (!info[infoField]) throw new NotCompilable(`PageInfo.${infoField}`);
        readsCursors ||= infoField.endsWith("Cursor");
        infoPairs.push([infoKey, raw(info[infoField])]);
      }
      pairs.push([key, jsonObject(scope, infoPairs)]);
    } else {
      throw new NotCompilable(`${connectionType.name}.${name}`);
    }
  }
  // A count alone needs no page read; a root count run apart needs no SQL here at all.
  if (!readsPage) return Array.isArray(source.count) ? null : Prisma.sql`(SELECT ${jsonObject(scope, pairs)})`;
  // Key values and the list's fingerprint only where a cursor is selected; the fingerprint once
  // per list (a one-row subquery), not once per row.
  const fingerprint = readsCursors
    ? Prisma.sql`, (SELECT ${raw(source.fingerprint)} AS fp) ${raw(fingerprintAlias)}`
    : Prisma.empty;
  const rows = pageSelect(source, window, { keys: readsCursors, numbered: true });
  return Prisma.sql`(SELECT ${jsonObject(scope, pairs)} FROM (${rows}) ${raw(page)}${fingerprint} GROUP BY ())`;
}

/**
 * A connection under the row (an actor's statements). Cursors in its arguments belong to one
 * parent, so a nested connection given `after` or `before` is left to the resolvers, which refuse
 * a stranger's cursor for that parent alone.
 */
export const childConnection =
  (query: ChildListQuery<unknown>): FieldCompiler =>
  (scope, row, field) => {
    const args = field.args as ConnectionArgs;
    if (args.after != null || args.before != null) throw new NotCompilable(`${query.name} with a cursor`);
    try {
      validateConnectionArgs(args);
    } catch {
      throw new NotCompilable(`${query.name}: arguments to refuse`);
    }
    const window: PageWindow = { size: args.last ?? args.first ?? DEFAULT_PAGE_SIZE, backward: args.last != null };
    const parent = Prisma.raw(`${row}."id"`);
    const counted = query.counted ?? query;
    // listFingerprint(`${name}:${parentId}`), in SQL.
    const fingerprint = `left(rtrim(translate(encode(sha256(convert_to(${quoteLiteral(`${query.name}:`)} || ${row}."id", 'UTF8')), 'base64'), E'+/\\n', '-_'), '='), 12)`;
    return connectionJson(
      scope,
      {
        scope: query.scope,
        keys: query.keys,
        columns: query.columns,
        from: query.from(parent, window),
        where: query.where(parent),
        fingerprint,
        count: Prisma.sql`SELECT count(*)::int FROM ${counted.from(parent)} WHERE ${counted.where(parent)}`,
      },
      window,
      field.def.type,
      field.nodes,
    )!;
  };

/**
 * A root list's connection, its cursors decoded here (their errors belong to the root field).
 * Its count is either left out, for the caller to run apart and share between aliases of the
 * list (the response keys that ask for it are pushed onto `countKeys`; null when nothing else is
 * selected), or, given "inline", counted in the same statement.
 */
export function rootConnectionJson(
  scope: CompileScope,
  query: ListQuery<unknown>,
  args: ConnectionArgs,
  info: GraphQLResolveInfo,
  countKeys: string[] | "inline",
): Prisma.Sql | null {
  validateConnectionArgs(args);
  const window = pageWindow(args, query.scope, query.identity, query.keys, DEFAULT_PAGE_SIZE);
  return connectionJson(
    scope,
    {
      scope: query.scope,
      keys: query.keys,
      columns: query.columns,
      from: query.from,
      where: query.where,
      fingerprint: quoteLiteral(listFingerprint(query.identity)),
      count:
        countKeys === "inline" ? Prisma.sql`SELECT count(*)::int FROM ${query.from} WHERE ${query.where}` : countKeys,
    },
    window,
    info.returnType,
    info.fieldNodes,
  );
}

/** A compile scope for the operation `info` belongs to. */
export function compileScope(info: GraphQLResolveInfo, mappings: Mappings, final = false): CompileScope {
  let next = 0;
  return {
    schema: info.schema,
    fragments: info.fragments,
    variables: info.variableValues,
    mappings,
    final,
    alias: (base) => `${base}_${(next += 1)}`,
  };
}

export type { Compiled } from "./type-name";

/**
 * Wraps every field resolver of the schema: on a compiled object the field's value is already
 * there, under the field's response key; on anything else the resolver runs as before.
 */
export function compiledResolvers(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) =>
        isCompiled(source) ? source[info.path.key as string] : resolve(source, args, context, info);
    }
  }
}
