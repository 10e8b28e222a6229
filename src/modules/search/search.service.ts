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

/** Best first; ties by kind, then id. */
export const SEARCH_KEYS: SortKey[] = [
  { sql: "hit.rank", type: "real", descending: true },
  { sql: "hit.type", type: "text" },
  { sql: "hit.id", type: "int" },
];

/** The parsed query as a CTE `q`, for the snippets; the matching inlines it, so GIN indexes serve it. */
const QUERY = (query: string) => Prisma.sql`q AS (SELECT websearch_to_tsquery('english', ${query}) AS query)`;
const TSQUERY = (query: string) => Prisma.sql`websearch_to_tsquery('english', ${query})`;

function matching(types: readonly SearchResultType[]): Searchable[] {
  return SEARCHABLE.filter((s) => types.includes(s.type));
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
): Promise<(KeyedRow & SearchHitRecord)[]> {
  const parts = matching(types);
  if (parts.length === 0) return [];
  const tsquery = TSQUERY(query);
  const hits = Prisma.join(
    parts.map(
      (s) =>
        Prisma.sql`SELECT ${s.type}::text AS type, t.id, ts_rank(t.search, ${tsquery}) AS rank FROM ${Prisma.raw(`"${s.table}"`)} t WHERE t.search @@ ${tsquery}`,
    ),
    "\n      UNION ALL\n      ",
  );
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
  const rows = await db.$queryRaw<(KeyedRow & { type: SearchResultType; id: number; rank: number; snippet: string })[]>(
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
  return rows.map((row) => ({
    ...row,
    type: row.type,
    id: Number(row.id),
    rank: Number(row.rank),
    snippet: snippetHtml(row.snippet),
  }));
}

/** How many objects of the chosen kinds match. */
export async function countHits(db: Db, query: string, types: readonly SearchResultType[]): Promise<number> {
  const parts = matching(types);
  if (parts.length === 0) return 0;
  const tsquery = TSQUERY(query);
  const counts = Prisma.join(
    parts.map((s) => Prisma.sql`(SELECT count(*) FROM ${Prisma.raw(`"${s.table}"`)} t WHERE t.search @@ ${tsquery})`),
    " + ",
  );
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`SELECT (${counts})::int AS count`);
  return row!.count;
}
