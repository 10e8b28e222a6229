-- Provenance checks whose cost is linear in the text and the spans, not their product.
--
-- substr() on a UTF-8 text walks it from its start to the offset, so checking each of many spans
-- with substr over the whole text costs rows × text length: an import of 20,000 statements into a
-- 1.2-million-character text spent most of its 85 s in the statement-level provenance check, and
-- the check at commit after a text change (Source_quotes_match_text) did the same for every
-- statement and role of the source. Both now cut the text into blocks once (one pass of a
-- regular expression) and read each span from the few blocks that cover it. The rule and the
-- errors are the same as before.

-- The text in blocks of 255 code points (the largest bound a regular expression allows), k from 0:
-- block k holds code points [255 k, 255 (k + 1)).
CREATE FUNCTION source_text_blocks(source_text text) RETURNS TABLE (k integer, block text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (n - 1)::integer, m[1] FROM regexp_matches(source_text, '(.{1,255})', 'gs') WITH ORDINALITY AS b(m, n)
$$;

-- The least id among spans that are not in source_text, or NULL when all are: a span is in the text
-- when exact is at [start, end), prefix (when not NULL) ends at start and suffix begins at end,
-- which is when provenance_mismatch() returns NULL. Up to 8 spans are read with substr from the
-- text itself, which costs less than cutting it into blocks.
CREATE FUNCTION first_span_not_in_text(
  source_text text,
  ids integer[],
  starts integer[],
  ends integer[],
  exacts text[],
  prefixes text[],
  suffixes text[]
) RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  bad integer;
BEGIN
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF cardinality(ids) <= 8 THEN
    SELECT min(s.id) INTO bad
      FROM unnest(ids, starts, ends, exacts, prefixes, suffixes) AS s(id, span_start, span_end, exact, prefix, suffix)
     WHERE provenance_mismatch(source_text, s.span_start, s.span_end, s.exact, s.prefix, s.suffix) IS NOT NULL;
    RETURN bad;
  END IF;
  WITH text_length AS MATERIALIZED (
    SELECT char_length(source_text) AS n
  ),
  spans AS MATERIALIZED (
    SELECT s.id,
           s.span_start - char_length(coalesce(s.prefix, '')) AS lo,
           s.span_end + char_length(coalesce(s.suffix, '')) AS hi,
           coalesce(s.prefix, '') || s.exact || coalesce(s.suffix, '') AS quote,
           s.span_start - char_length(coalesce(s.prefix, '')) >= 0
             AND s.span_start < s.span_end
             AND s.span_end + char_length(coalesce(s.suffix, '')) <= text_length.n AS in_text
      FROM unnest(ids, starts, ends, exacts, prefixes, suffixes) AS s(id, span_start, span_end, exact, prefix, suffix),
           text_length
  ),
  blocks AS MATERIALIZED (
    SELECT b.k, b.block FROM source_text_blocks(source_text) b
  ),
  covered AS (
    SELECT sp.id, string_agg(b.block, '' ORDER BY b.k) AS body, min(b.k) AS first_block
      FROM spans sp
           CROSS JOIN LATERAL generate_series(sp.lo / 255, (sp.hi - 1) / 255) AS g(k)
           JOIN blocks b ON b.k = g.k
     WHERE sp.in_text
     GROUP BY sp.id
  )
  SELECT min(sp.id) INTO bad
    FROM spans sp LEFT JOIN covered c ON c.id = sp.id
   WHERE NOT coalesce(sp.in_text AND substr(c.body, sp.lo - c.first_block * 255 + 1, sp.hi - sp.lo) = sp.quote, false);
  RETURN bad;
END;
$$;

-- Inserted statements, once per SQL statement: each source locked in id order and read once, the
-- lowest offending id reported as before.
CREATE OR REPLACE FUNCTION check_inserted_statements_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src record;
  bad_id integer;
  bad record;
BEGIN
  FOR src IN
    SELECT "id", "text" || '' AS "text" FROM "Source"
     WHERE "id" IN (SELECT "sourceId" FROM new_rows) ORDER BY "id" FOR SHARE
  LOOP
    SELECT least(bad_id, first_span_not_in_text(src."text", array_agg(n."id"), array_agg(n."start"),
             array_agg(n."end"), array_agg(n."exact"), array_agg(n."prefix"), array_agg(n."suffix")))
      INTO bad_id
      FROM new_rows n WHERE n."sourceId" = src."id";
  END LOOP;
  IF bad_id IS NOT NULL THEN
    SELECT n."id", provenance_mismatch(s."text", n."start", n."end", n."exact", n."prefix", n."suffix") AS mismatch
      INTO bad
      FROM new_rows n JOIN "Source" s ON s."id" = n."sourceId"
     WHERE n."id" = bad_id;
    RAISE EXCEPTION 'provenance mismatch for Statement %: %', bad."id", bad.mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Statement', CONSTRAINT = 'Statement_provenance';
  END IF;
  RETURN NULL;
END;
$$;

-- Roles: the row trigger still refuses a role with a source but no span, before it is written;
-- the spans of inserted roles are checked once per SQL statement, as statements' are. An update
-- is still checked row by row (a transition table cannot go with a column list).
CREATE OR REPLACE FUNCTION check_role_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source_text text;
  mismatch text;
BEGIN
  IF NEW."sourceId" IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW."start" IS NULL OR NEW."end" IS NULL OR NEW."exact" IS NULL THEN
    RAISE EXCEPTION 'provenance missing for Role %: a role with a source needs start, end and exact', NEW."id"
      USING ERRCODE = 'check_violation', TABLE = 'Role', CONSTRAINT = 'Role_provenance';
  END IF;
  IF TG_OP = 'INSERT' THEN
    RETURN NEW;
  END IF;
  source_text := quoted_source_text(NEW."sourceId");
  IF source_text IS NULL THEN
    RETURN NEW;
  END IF;
  mismatch := provenance_mismatch(source_text, NEW."start", NEW."end", NEW."exact", NEW."prefix", NEW."suffix");
  IF mismatch IS NOT NULL THEN
    RAISE EXCEPTION 'provenance mismatch for Role %: %', NEW."id", mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Role', CONSTRAINT = 'Role_provenance';
  END IF;
  RETURN NEW;
END;
$$;

CREATE FUNCTION check_inserted_roles_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src record;
  bad_id integer;
  bad record;
BEGIN
  FOR src IN
    SELECT "id", "text" || '' AS "text" FROM "Source"
     WHERE "id" IN (SELECT "sourceId" FROM new_rows) ORDER BY "id" FOR SHARE
  LOOP
    SELECT least(bad_id, first_span_not_in_text(src."text", array_agg(n."id"), array_agg(n."start"),
             array_agg(n."end"), array_agg(n."exact"), array_agg(n."prefix"), array_agg(n."suffix")))
      INTO bad_id
      FROM new_rows n WHERE n."sourceId" = src."id";
  END LOOP;
  IF bad_id IS NOT NULL THEN
    SELECT n."id", provenance_mismatch(s."text", n."start", n."end", n."exact", n."prefix", n."suffix") AS mismatch
      INTO bad
      FROM new_rows n JOIN "Source" s ON s."id" = n."sourceId"
     WHERE n."id" = bad_id;
    RAISE EXCEPTION 'provenance mismatch for Role %: %', bad."id", bad.mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Role', CONSTRAINT = 'Role_provenance';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Role_provenance_insert" AFTER INSERT ON "Role"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_inserted_roles_provenance();

-- At commit after a text change: every statement and role of the source against the new text, in
-- one pass each; the first offender (by id, statements first) is named as before.
CREATE OR REPLACE FUNCTION check_source_quotes_match_text() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  current_text text;
  bad_id integer;
  found record;
BEGIN
  SELECT "text" || '' INTO current_text FROM "Source" WHERE "id" = NEW."id";
  IF current_text IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT first_span_not_in_text(current_text, array_agg(s."id"), array_agg(s."start"), array_agg(s."end"),
           array_agg(s."exact"), array_agg(s."prefix"), array_agg(s."suffix"))
    INTO bad_id
    FROM "Statement" s WHERE s."sourceId" = NEW."id";
  IF bad_id IS NOT NULL THEN
    SELECT 'Statement' AS kind, s."id", s."key" AS label,
           provenance_mismatch(current_text, s."start", s."end", s."exact", s."prefix", s."suffix") AS mismatch
      INTO found
      FROM "Statement" s WHERE s."id" = bad_id;
  ELSE
    SELECT first_span_not_in_text(current_text, array_agg(r."id"), array_agg(r."start"), array_agg(r."end"),
             array_agg(r."exact"), array_agg(r."prefix"), array_agg(r."suffix"))
      INTO bad_id
      FROM "Role" r WHERE r."sourceId" = NEW."id";
    IF bad_id IS NOT NULL THEN
      SELECT 'Role' AS kind, r."id", r."title" AS label,
             provenance_mismatch(current_text, r."start", r."end", r."exact", r."prefix", r."suffix") AS mismatch
        INTO found
        FROM "Role" r WHERE r."id" = bad_id;
    END IF;
  END IF;
  IF found IS NOT NULL THEN
    RAISE EXCEPTION 'provenance mismatch for % % ("%") after the text of Source % changed: %',
      found.kind, found."id", found.label, NEW."id", found.mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Source', CONSTRAINT = 'Source_quotes_match_text';
  END IF;
  RETURN NULL;
END;
$$;
