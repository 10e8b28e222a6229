-- CreateTable
CREATE TABLE "SearchTerm" (
    "lexeme" TEXT NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchTerm_pkey" PRIMARY KEY ("lexeme")
);

-- CreateTable
CREATE TABLE "SearchPosting" (
    "lexeme" TEXT NOT NULL,
    "rank" REAL NOT NULL,
    "type" TEXT NOT NULL,
    "id" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SearchPosting_lexeme_type_id_key" ON "SearchPosting"("lexeme", "type", "id");

-- AddForeignKey
ALTER TABLE "SearchPosting" ADD CONSTRAINT "SearchPosting_lexeme_fkey" FOREIGN KEY ("lexeme") REFERENCES "SearchTerm"("lexeme") ON DELETE CASCADE ON UPDATE CASCADE;

-- Search ranks matches with ts_rank, and a page of the best needs every match ranked: for a
-- lexeme that thousands of objects hold, that is thousands of rows read per page. For such
-- lexemes ("SearchTerm", added by the server the first time a search finds one common), the
-- postings below hold each match with its rank, in page order, so a page of a search for that
-- lexeme alone is an index range. The triggers keep them as objects come, change and go.

-- Page order: best first (the negated rank ascending, so a cursor's seek is one row comparison
-- in the index), then kind, then id.
CREATE INDEX "SearchPosting_page_order_idx" ON "SearchPosting" ("lexeme", (-"rank"), "type", "id");

-- A lexeme as a query of that lexeme alone.
CREATE FUNCTION lexeme_query(lexeme text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''')::tsquery
$$;

-- The lexeme a query is made of, when it is one lexeme alone (web-search syntax: a single word).
CREATE FUNCTION query_lexeme(query tsquery) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(query) = 1 AND query::text ~ '^''.*''$'
    THEN replace(replace(substr(query::text, 2, length(query::text) - 2), '''''', ''''), '\\', '\') END
$$;

-- TG_ARGV[0]: the kind of object the table holds (as search names it).
CREATE FUNCTION search_postings_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  posting_type text := TG_ARGV[0];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "SearchTerm") THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "SearchPosting" p USING (
      SELECT o.id, t.lexeme FROM old_rows o CROSS JOIN LATERAL unnest(o.search) u JOIN "SearchTerm" t ON t.lexeme = u.lexeme
    ) d
    WHERE p.lexeme = d.lexeme AND p.type = posting_type AND p.id = d.id;
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM "SearchPosting" p USING (
      SELECT o.id, t.lexeme FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.search IS DISTINCT FROM o.search
      CROSS JOIN LATERAL unnest(o.search) u JOIN "SearchTerm" t ON t.lexeme = u.lexeme
    ) d
    WHERE p.lexeme = d.lexeme AND p.type = posting_type AND p.id = d.id;
    INSERT INTO "SearchPosting" (lexeme, rank, type, id)
    SELECT t.lexeme, ts_rank(n.search, lexeme_query(t.lexeme)), posting_type, n.id
    FROM new_rows n JOIN old_rows o ON o.id = n.id AND n.search IS DISTINCT FROM o.search
    CROSS JOIN LATERAL unnest(n.search) u JOIN "SearchTerm" t ON t.lexeme = u.lexeme;
  ELSE
    INSERT INTO "SearchPosting" (lexeme, rank, type, id)
    SELECT t.lexeme, ts_rank(n.search, lexeme_query(t.lexeme)), posting_type, n.id
    FROM new_rows n CROSS JOIN LATERAL unnest(n.search) u JOIN "SearchTerm" t ON t.lexeme = u.lexeme;
  END IF;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  searchable record;
BEGIN
  FOR searchable IN SELECT * FROM (VALUES
    ('Statement', 'STATEMENT'), ('Event', 'EVENT'), ('Actor', 'ACTOR'), ('Topic', 'TOPIC'), ('Position', 'POSITION')
  ) AS s(tab, kind) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION search_postings_follow(%L)', searchable.tab || '_search_postings_insert', searchable.tab, searchable.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION search_postings_follow(%L)', searchable.tab || '_search_postings_update', searchable.tab, searchable.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION search_postings_follow(%L)', searchable.tab || '_search_postings_delete', searchable.tab, searchable.kind);
  END LOOP;
END;
$$;
