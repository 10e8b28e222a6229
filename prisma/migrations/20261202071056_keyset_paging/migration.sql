-- Keyset paging: every order a client can ask for is served by an index, so a page costs what
-- it holds. Sort keys that live in other tables are kept on the row by triggers (an actor's
-- statement count, a statement's place on timelines), and full-text documents are stored
-- (generated columns), so ranking a match does not re-parse its text.

-- The search indexes of migration `search_indexes` were over expressions; they give way to
-- indexes over the stored documents below, under the same names.
DROP INDEX "Statement_search_idx";
DROP INDEX "Event_search_idx";
DROP INDEX "Actor_search_idx";
DROP INDEX "Topic_search_idx";
DROP INDEX "Position_search_idx";

-- DropIndex
DROP INDEX "Position_holderId_idx";

-- DropIndex
DROP INDEX "Position_topicId_idx";

-- DropIndex
DROP INDEX "Statement_sourceId_idx";

-- DropIndex
DROP INDEX "Statement_speakerId_idx";

-- DropIndex
DROP INDEX "Statement_saidAt_idx";

-- DropIndex
DROP INDEX "Statement_kind_idx";

-- AlterTable
ALTER TABLE "Actor" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "name"), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')) STORED,
ADD COLUMN     "statementCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')) STORED;

-- AlterTable
ALTER TABLE "Position" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "summary"), 'A')) STORED;

-- AlterTable
ALTER TABLE "Statement" ADD COLUMN     "reportedAt" TIMESTAMPTZ(3),
ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "text"), 'A') || setweight(to_tsvector('english', "exact"), 'B')) STORED;

-- AlterTable
ALTER TABLE "Topic" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "name"), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')) STORED;

-- CreateIndex
CREATE INDEX "Actor_name_id_idx" ON "Actor"("name", "id");

-- CreateIndex
CREATE INDEX "Actor_statementCount_name_id_idx" ON "Actor"("statementCount", "name", "id");

-- CreateIndex
CREATE INDEX "Actor_statementCount_desc_name_id_idx" ON "Actor"("statementCount" DESC, "name", "id");

-- CreateIndex
CREATE INDEX "Actor_search_idx" ON "Actor" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Event_title_id_idx" ON "Event"("title", "id");

-- CreateIndex
CREATE INDEX "Event_search_idx" ON "Event" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Position_asOf_id_idx" ON "Position"("asOf", "id");

-- CreateIndex
CREATE INDEX "Position_holderId_asOf_id_idx" ON "Position"("holderId", "asOf", "id");

-- CreateIndex
CREATE INDEX "Position_topicId_asOf_id_idx" ON "Position"("topicId", "asOf", "id");

-- CreateIndex
CREATE INDEX "Position_search_idx" ON "Position" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Statement_speakerId_sourceId_start_id_idx" ON "Statement"("speakerId", "sourceId", "start", "id");

-- CreateIndex
CREATE INDEX "Statement_sourceId_start_id_idx" ON "Statement"("sourceId", "start", "id");

-- CreateIndex
CREATE INDEX "Statement_search_idx" ON "Statement" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Topic_name_id_idx" ON "Topic"("name", "id");

-- CreateIndex
CREATE INDEX "Topic_search_idx" ON "Topic" USING GIN ("search");

-- Orders over a nullable instant put undated rows last in both directions; the sort key is the
-- instant with the missing value as +/- infinity, one index per direction.
CREATE INDEX "Statement_saidAt_asc_order_idx" ON "Statement"
  (COALESCE("saidAt", 'infinity'::timestamptz), "sourceId", "start", "id");
CREATE INDEX "Statement_saidAt_desc_order_idx" ON "Statement"
  (COALESCE("saidAt", '-infinity'::timestamptz), "sourceId", "start", "id");
CREATE INDEX "Event_startsAt_asc_order_idx" ON "Event" (COALESCE("startsAt", 'infinity'::timestamptz), "id");
CREATE INDEX "Event_startsAt_desc_order_idx" ON "Event" (COALESCE("startsAt", '-infinity'::timestamptz), "id");
-- An actor's timeline: their statements by place in time, then in reading order.
CREATE INDEX "Statement_speaker_timeline_idx" ON "Statement"
  ("speakerId", COALESCE("saidAt", "reportedAt", 'infinity'::timestamptz), "sourceId", "start", "id");

-- And their positions, at the start (UTC) of the day they are known to hold on.
CREATE INDEX "Position_holder_timeline_idx" ON "Position"
  ("holderId", (("asOf"::timestamp AT TIME ZONE 'UTC')), "id");

-- Where timelines place a statement the source does not date: the day the source was published.
-- Kept only while saidAt is missing; a dated statement's is NULL.
CREATE FUNCTION set_statement_reported_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."reportedAt" := CASE WHEN NEW."saidAt" IS NULL THEN
    (SELECT "publishedOn"::timestamp AT TIME ZONE 'UTC' FROM "Source" WHERE "id" = NEW."sourceId")
  END;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Statement_reported_at"
  BEFORE INSERT OR UPDATE OF "saidAt", "sourceId", "reportedAt" ON "Statement"
  FOR EACH ROW EXECUTE FUNCTION set_statement_reported_at();

CREATE FUNCTION update_statements_reported_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Statement" SET "reportedAt" = NULL WHERE "sourceId" = NEW."id" AND "saidAt" IS NULL;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Source_statements_reported_at"
  AFTER UPDATE OF "publishedOn" ON "Source"
  FOR EACH ROW WHEN (OLD."publishedOn" IS DISTINCT FROM NEW."publishedOn")
  EXECUTE FUNCTION update_statements_reported_at();

UPDATE "Statement" SET "reportedAt" = NULL WHERE "saidAt" IS NULL;

-- Inserted statements are checked against their sources once per SQL statement, not once per
-- row (migration `integrity_rules` keeps the row trigger for updates): each source is locked
-- once, and the full explanation is worked out only for a row that does not match.
DROP TRIGGER "Statement_provenance" ON "Statement";
CREATE TRIGGER "Statement_provenance"
  BEFORE UPDATE OF "sourceId", "start", "end", "exact", "prefix", "suffix" ON "Statement"
  FOR EACH ROW EXECUTE FUNCTION check_statement_provenance();

CREATE FUNCTION check_inserted_statements_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  -- Each source's text is read (and decompressed) once, then the span and its context are one
  -- comparison: text[start - len(prefix), end + len(suffix)) = prefix || exact || suffix.
  WITH src AS MATERIALIZED (
    SELECT "id", "textLength", "text" || '' AS "text" FROM "Source"
    WHERE "id" IN (SELECT "sourceId" FROM new_rows) ORDER BY "id" FOR SHARE
  )
  SELECT n."id", provenance_mismatch(src."text", n."start", n."end", n."exact", n."prefix", n."suffix") AS mismatch
  INTO bad
  FROM new_rows n JOIN src ON src."id" = n."sourceId"
  WHERE NOT (
    char_length(n."prefix") <= n."start" AND n."start" < n."end"
    AND n."end" + char_length(n."suffix") <= src."textLength"
    AND substr(src."text", n."start" + 1 - char_length(n."prefix"),
               char_length(n."prefix") + n."end" - n."start" + char_length(n."suffix"))
        = n."prefix" || n."exact" || n."suffix"
  )
  ORDER BY n."id"
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'provenance mismatch for Statement %: %', bad."id", bad.mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Statement', CONSTRAINT = 'Statement_provenance';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Statement_provenance_insert" AFTER INSERT ON "Statement"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_inserted_statements_provenance();

-- Actor."statementCount", kept once per SQL statement from its transition tables, so a bulk
-- insert updates each speaker once. Rows are locked in id order first, so concurrent single
-- statements queue instead of deadlocking; the triggers' names make them fire after the
-- provenance check, so every writer locks sources before actors.
CREATE FUNCTION add_to_statement_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Actor" WHERE "id" IN (SELECT "speakerId" FROM new_rows) ORDER BY "id" FOR NO KEY UPDATE;
  UPDATE "Actor" a SET "statementCount" = a."statementCount" + d.delta
  FROM (SELECT "speakerId", count(*) AS delta FROM new_rows GROUP BY "speakerId") d
  WHERE a."id" = d."speakerId";
  RETURN NULL;
END;
$$;

CREATE FUNCTION subtract_from_statement_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Actor" WHERE "id" IN (SELECT "speakerId" FROM old_rows) ORDER BY "id" FOR NO KEY UPDATE;
  UPDATE "Actor" a SET "statementCount" = a."statementCount" - d.delta
  FROM (SELECT "speakerId", count(*) AS delta FROM old_rows GROUP BY "speakerId") d
  WHERE a."id" = d."speakerId";
  RETURN NULL;
END;
$$;

-- Only statements whose speaker changed move counts, so an update of anything else (a source's
-- publication day reaching its statements) locks no actor.
CREATE FUNCTION move_statement_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH moves AS (
    SELECT "speakerId", sum(delta) AS delta FROM (
      SELECT n."speakerId", 1 AS delta FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."speakerId" <> o."speakerId"
      UNION ALL
      SELECT o."speakerId", -1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."speakerId" <> o."speakerId"
    ) changed GROUP BY "speakerId" HAVING sum(delta) <> 0
  ),
  locked AS (
    SELECT a."id" FROM "Actor" a WHERE a."id" IN (SELECT "speakerId" FROM moves) ORDER BY a."id" FOR NO KEY UPDATE
  )
  UPDATE "Actor" a SET "statementCount" = a."statementCount" + d.delta
  FROM moves d WHERE a."id" = d."speakerId" AND a."id" IN (SELECT "id" FROM locked);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Statement_speaker_count_insert" AFTER INSERT ON "Statement"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION add_to_statement_counts();
CREATE TRIGGER "Statement_speaker_count_delete" AFTER DELETE ON "Statement"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION subtract_from_statement_counts();
CREATE TRIGGER "Statement_speaker_count_update" AFTER UPDATE ON "Statement"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION move_statement_counts();

UPDATE "Actor" a SET "statementCount" = (SELECT count(*) FROM "Statement" s WHERE s."speakerId" = a."id");

-- An event and its sub-events at any depth.
-- ROWS: what the planner should expect of these functions (a few events, tens of statements).
CREATE FUNCTION event_tree_ids(event_id integer) RETURNS SETOF integer LANGUAGE sql STABLE ROWS 3 AS $$
  WITH RECURSIVE tree(id) AS (
    SELECT event_id
    UNION
    SELECT child."id" FROM "Event" child JOIN tree ON child."parentId" = tree.id
  )
  SELECT id FROM tree
$$;

-- The statements of an event: made at it (occasion) or reported as about it, and the same for
-- all its sub-events at any depth.
CREATE FUNCTION event_statement_ids(event_id integer) RETURNS SETOF integer LANGUAGE sql STABLE ROWS 50 AS $$
  SELECT s."id" FROM "Statement" s WHERE s."occasionId" IN (SELECT event_tree_ids(event_id))
  UNION
  SELECT se."statementId" FROM "StatementEvent" se WHERE se."eventId" IN (SELECT event_tree_ids(event_id))
$$;
