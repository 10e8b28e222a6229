import type { Db } from "../../db/client";
import { Prisma } from "../../generated/prisma/client";
import type { KeyedRow, PageWindow, SortKey } from "../../common/keyset";
import { pageSelect } from "../../common/keyset";
import type { SearchResultType } from "./search.enums";

export interface SearchHitRecord {
  type: SearchResultType;
  id: number;
  rank: number;
  snippet: string;
}

/** A kind of object search looks through: its table has a stored `search` document with a GIN index. */
interface Searchable {
  type: SearchResultType;
  table: string;
  /** The text a snippet is cut from. */
  headline: string;
}

const SEARCHABLE: Searchable[] = [
  {
    type: "STATEMENT",
    table: "Statement",
    headline: `CASE WHEN t."text" = t."exact" THEN t."text" ELSE t."text" || ' … ' || t."exact" END`,
  },
  {
    type: "EVENT",
    table: "Event",
    headline: `t."title" || coalesce('. ' || t."description", '')`,
  },
  {
    type: "ACTOR",
    table: "Actor",
    headline: `t."name" || coalesce('. ' || t."description", '')`,
  },
  {
    type: "TOPIC",
    table: "Topic",
    headline: `t."name" || coalesce('. ' || t."description", '')`,
  },
  {
    type: "POSITION",
    table: "Position",
    headline: `t."summary"`,
  },
];

/**
 * Control characters mark the matches, so the text around them can be escaped before `<mark>`
 * goes in; the same characters are taken out of the text first, so only the marks carry them.
 */
const [MATCH_START, MATCH_END] = ["\u0002", "\u0003"];
const HEADLINE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** A `ts_headline` result as safe HTML: the text escaped, each match wrapped in `<mark>`. */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c] ?? c)
    .replaceAll(MATCH_START, "<mark>")
    .replaceAll(MATCH_END, "</mark>");
}

/**
 * Best first (the negated rank ascending, as the postings' index orders it); ties by kind, then
 * id. Ascending throughout, so a cursor's seek is one row comparison.
 */
export const SEARCH_KEYS: SortKey[] = [
  { sql: "hit.sort_rank", type: "real" },
  { sql: "hit.type", type: "text" },
  { sql: "hit.id", type: "int" },
];

/** How many matches make a one-word search's lexeme common enough to keep its postings. */
export const POSTINGS_FROM_MATCHES = 1000;

/**
 * The lexeme of a one-word query (null for anything else), and whether its postings are kept
 * (see the search_postings migration).
 */
export async function queryLexeme(db: Db, query: string): Promise<{ lexeme: string | null; kept: boolean }> {
  const [row] = await db.$queryRaw<{ lexeme: string | null; kept: boolean }[]>`
    SELECT l.lexeme, EXISTS (SELECT 1 FROM "SearchTerm" t WHERE t.lexeme = l.lexeme) AS kept
    FROM (SELECT query_lexeme(websearch_to_tsquery('english', ${query})) AS lexeme) l`;
  return row!;
}

/** At most this many lexemes have their postings kept; past it, searches for others rank. */
export const MAX_KEPT_LEXEMES = 2000;

/**
 * Keeps a lexeme's postings from now on: writes them for every object that holds it, while
 * writes to the searchable tables wait (the triggers keep them once the lexeme is listed), so none
 * is missed. The tables are locked without waiting: while any is being written, it gives up
 * (false) rather than queue writers behind it or deadlock with one, for a later search to retry.
 * Idempotent: a lexeme already kept is left as it is. False too past `MAX_KEPT_LEXEMES`.
 */
export async function keepPostings(db: Db, lexeme: string): Promise<boolean> {
  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(
          `LOCK TABLE ${SEARCHABLE.map((s) => `"${s.table}"`).join(", ")} IN SHARE MODE NOWAIT`,
        );
        const [{ kept }] = await tx.$queryRaw<[{ kept: number }]>`SELECT count(*)::int AS kept FROM "SearchTerm"`;
        if (kept >= MAX_KEPT_LEXEMES) return false;
        const added = await tx.$executeRaw`INSERT INTO "SearchTerm" (lexeme) VALUES (${lexeme}) ON CONFLICT DO NOTHING`;
        if (added === 0) return true;
        for (const s of SEARCHABLE) {
          await tx.$executeRaw`
            INSERT INTO "SearchPosting" (lexeme, rank, type, id)
            SELECT ${lexeme}, ts_rank(t.search, lexeme_query(${lexeme})), ${s.type}, t.id
            FROM ${Prisma.raw(`"${s.table}"`)} t WHERE t.search @@ lexeme_query(${lexeme})`;
        }
        return true;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (error) {
    // 55P03: a table is being written.
    if (error instanceof Error && /55P03|could not obtain lock/.test(error.message)) return false;
    throw error;
  }
}

/** The parsed query as a CTE `q`, for the snippets; the matching inlines it, so GIN indexes serve it. */
const QUERY = (query: string) => Prisma.sql`q AS (SELECT websearch_to_tsquery('english', ${query}) AS query)`;
const TSQUERY = (query: string) => Prisma.sql`websearch_to_tsquery('english', ${query})`;

function matching(types: readonly SearchResultType[]): Searchable[] {
  return SEARCHABLE.filter((s) => types.includes(s.type));
}

/** Postings of the chosen kinds (no condition when all are chosen, so a count reads the index alone). */
function ofTypes(parts: Searchable[]): Prisma.Sql {
  if (parts.length === SEARCHABLE.length) return Prisma.sql`TRUE`;
  return Prisma.sql`p.type = ANY(${parts.map((s) => s.type)}::text[])`;
}

/**
 * One page of ranked hits (PostgreSQL `websearch_to_tsquery`, English stemming) over the chosen
 * kinds of object, and one more row. Every match is ranked from its stored document (the order
 * needs it), but snippets are cut for the page's hits only. A query with no lexemes ("the")
 * matches nothing.
 */
export async function searchWindow(
  db: Db,
  query: string,
  types: readonly SearchResultType[],
  window: PageWindow,
  kept: string | null,
): Promise<{ rows: (KeyedRow & SearchHitRecord)[]; matches: number }> {
  const parts = matching(types);
  if (parts.length === 0) return { rows: [], matches: 0 };
  const tsquery = TSQUERY(query);
  // A kept lexeme's page is a range of its postings; anything else ranks every match, and
  // counts them (before the page's limit) so a common lexeme can be kept from then on.
  const hits = kept
    ? Prisma.sql`SELECT p.type, p.id, p.rank, -p.rank AS sort_rank, 0 AS matches FROM "SearchPosting" p
        WHERE p.lexeme = ${kept} AND ${ofTypes(parts)}`
    : Prisma.sql`SELECT *, -rank AS sort_rank, count(*) OVER () AS matches FROM (${Prisma.join(
        parts.map(
          (s) =>
            Prisma.sql`SELECT ${s.type}::text AS type, t.id, ts_rank(t.search, ${tsquery}) AS rank FROM ${Prisma.raw(`"${s.table}"`)} t WHERE t.search @@ ${tsquery}`,
        ),
        "\n      UNION ALL\n      ",
      )}) ranked`;
  const snippets = Prisma.raw(
    parts
      .map(
        (s) =>
          `WHEN '${s.type}' THEN (SELECT ts_headline('english', translate(${s.headline}, chr(2) || chr(3), ''), q.query, '${HEADLINE_OPTIONS}') FROM "${s.table}" t, q WHERE t.id = page.id)`,
      )
      .join("\n        "),
  );
  const page = pageSelect({ keys: SEARCH_KEYS, columns: Prisma.sql`hit.*`, from: Prisma.sql`hit` }, window, {
    numbered: true,
  });
  const rows = await db.$queryRaw<
    (KeyedRow & { type: SearchResultType; id: number; rank: number; snippet: string; matches: bigint })[]
  >(
    Prisma.sql`
    WITH ${QUERY(query)},
    hit AS (
      ${hits}
    ),
    page AS (${page})
    SELECT page.*, CASE page.type
        ${snippets}
      END AS snippet
    FROM page ORDER BY page."_n"`,
  );
  return {
    rows: rows.map((row) => ({
      ...row,
      type: row.type,
      id: Number(row.id),
      rank: Number(row.rank),
      snippet: snippetHtml(row.snippet),
    })),
    matches: Number(rows[0]?.matches ?? 0),
  };
}

/** How many objects of the chosen kinds match (a kept lexeme's: how many postings it has). */
export async function countHits(
  db: Db,
  query: string,
  types: readonly SearchResultType[],
  kept: string | null,
): Promise<number> {
  const parts = matching(types);
  if (parts.length === 0) return 0;
  if (kept) {
    const [row] = await db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "SearchPosting" p WHERE p.lexeme = ${kept} AND ${ofTypes(parts)}`;
    return row!.count;
  }
  const tsquery = TSQUERY(query);
  const counts = Prisma.join(
    parts.map((s) => Prisma.sql`(SELECT count(*) FROM ${Prisma.raw(`"${s.table}"`)} t WHERE t.search @@ ${tsquery})`),
    " + ",
  );
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`SELECT (${counts})::int AS count`);
  return row!.count;
}
