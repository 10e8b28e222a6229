import type { Db } from "../../db/client";
import type { SearchResultType } from "./search.enums";

export interface SearchHitRecord {
  type: SearchResultType;
  id: number;
  rank: number;
  snippet: string;
}

/** At most this many hits are ranked; the connection pages through them. */
export const MAX_HITS = 1000;

interface Searchable {
  type: SearchResultType;
  table: string;
  /** Must equal the expression of the table's GIN index (migration `search_indexes`). */
  document: string;
  /** The text a snippet is cut from. */
  headline: string;
}

const SEARCHABLE: Searchable[] = [
  {
    type: "STATEMENT",
    table: "Statement",
    document: `setweight(to_tsvector('english', t."text"), 'A') || setweight(to_tsvector('english', t."exact"), 'B')`,
    headline: `CASE WHEN t."text" = t."exact" THEN t."text" ELSE t."text" || ' … ' || t."exact" END`,
  },
  {
    type: "EVENT",
    table: "Event",
    document: `setweight(to_tsvector('english', t."title"), 'A') || setweight(to_tsvector('english', coalesce(t."description", '')), 'B')`,
    headline: `t."title" || coalesce('. ' || t."description", '')`,
  },
  {
    type: "ACTOR",
    table: "Actor",
    document: `setweight(to_tsvector('english', t."name"), 'A') || setweight(to_tsvector('english', coalesce(t."description", '')), 'B')`,
    headline: `t."name" || coalesce('. ' || t."description", '')`,
  },
  {
    type: "TOPIC",
    table: "Topic",
    document: `setweight(to_tsvector('english', t."name"), 'A') || setweight(to_tsvector('english', coalesce(t."description", '')), 'B')`,
    headline: `t."name" || coalesce('. ' || t."description", '')`,
  },
  {
    type: "POSITION",
    table: "Position",
    document: `setweight(to_tsvector('english', t."summary"), 'A')`,
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
 * Ranked full-text search (PostgreSQL `websearch_to_tsquery`, English stemming) over the
 * chosen kinds of object, best first. A query with no lexemes ("the") matches nothing.
 */
export async function searchHits(
  db: Db,
  query: string,
  types: readonly SearchResultType[],
): Promise<SearchHitRecord[]> {
  const parts = SEARCHABLE.filter((s) => types.includes(s.type)).map(
    (s) => `SELECT '${s.type}' AS type, t.id, ts_rank(${s.document}, q.query) AS rank,
              ts_headline('english', translate(${s.headline}, chr(2) || chr(3), ''), q.query, '${HEADLINE_OPTIONS}') AS snippet
            FROM "${s.table}" t, q WHERE (${s.document}) @@ q.query`,
  );
  if (parts.length === 0) return [];
  const sql = `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query)
    ${parts.join("\n    UNION ALL\n    ")}
    ORDER BY rank DESC, type, id
    LIMIT ${MAX_HITS}`;
  const rows = await db.$queryRawUnsafe<{ type: SearchResultType; id: number; rank: number; snippet: string }[]>(
    sql,
    query,
  );
  return rows.map((row) => ({
    type: row.type,
    id: Number(row.id),
    rank: Number(row.rank),
    snippet: snippetHtml(row.snippet),
  }));
}
