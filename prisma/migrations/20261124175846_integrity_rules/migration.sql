-- Integrity rules the Prisma schema cannot express, enforced by the database on every write.
-- Prisma's migration diff does not look at functions, triggers or CHECK constraints, so these
-- stay out of `npm run db:check-migrations`; a later migration that rebuilds one of these tables
-- must recreate them. Every violation raises SQLSTATE 23514 (check_violation) and names a
-- constraint, so the application can map it without parsing the message.

-- A source's text is stored with its length in code points, which PostgreSQL's char_length counts
-- in a UTF-8 database.
ALTER TABLE "Source" ADD CONSTRAINT "Source_textLength_check" CHECK ("textLength" = char_length("text"));

-- Why a quoted span does not match the source text it points into, or NULL when it does.
-- Offsets are code points, [span_start, span_end); prefix and suffix, when given, are the text
-- immediately before and after the span (up to however many code points they hold).
CREATE FUNCTION provenance_mismatch(
  source_text text,
  span_start integer,
  span_end integer,
  exact text,
  prefix text,
  suffix text
) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  source_length integer := char_length(source_text);
  quoted text;
  before_span text;
  after_span text;
BEGIN
  IF span_start < 0 OR span_end <= span_start OR span_end > source_length THEN
    RETURN format('span [%s,%s) must satisfy 0 <= start < end <= %s, the source text''s length',
      span_start, span_end, source_length);
  END IF;
  quoted := substr(source_text, span_start + 1, span_end - span_start);
  IF quoted IS DISTINCT FROM exact THEN
    RETURN format('source text [%s,%s) is "%s" but exact is "%s"', span_start, span_end, quoted, exact);
  END IF;
  before_span := right(left(source_text, span_start), char_length(prefix));
  IF before_span IS DISTINCT FROM prefix THEN
    RETURN format('prefix "%s" is not the text before offset %s, which ends "%s"', prefix, span_start, before_span);
  END IF;
  after_span := left(substr(source_text, span_end + 1), char_length(suffix));
  IF after_span IS DISTINCT FROM suffix THEN
    RETURN format('suffix "%s" is not the text after offset %s, which starts "%s"', suffix, span_end, after_span);
  END IF;
  RETURN NULL;
END;
$$;

-- The source's text, locked against a concurrent edit until this transaction ends; NULL when the
-- source does not exist, which the foreign key reports in its own words.
CREATE FUNCTION quoted_source_text(source_id integer) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT "text" FROM "Source" WHERE "id" = source_id FOR SHARE;
$$;

CREATE FUNCTION check_statement_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source_text text := quoted_source_text(NEW."sourceId");
  mismatch text;
BEGIN
  IF source_text IS NULL THEN
    RETURN NEW;
  END IF;
  mismatch := provenance_mismatch(source_text, NEW."start", NEW."end", NEW."exact", NEW."prefix", NEW."suffix");
  IF mismatch IS NOT NULL THEN
    RAISE EXCEPTION 'provenance mismatch for Statement %: %', NEW."id", mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Statement', CONSTRAINT = 'Statement_provenance';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Statement_provenance"
  BEFORE INSERT OR UPDATE OF "sourceId", "start", "end", "exact", "prefix", "suffix" ON "Statement"
  FOR EACH ROW EXECUTE FUNCTION check_statement_provenance();

-- A role need not come from a source; when it does, the span is required and must match.
CREATE FUNCTION check_role_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER "Role_provenance"
  BEFORE INSERT OR UPDATE OF "sourceId", "start", "end", "exact", "prefix", "suffix" ON "Role"
  FOR EACH ROW EXECUTE FUNCTION check_role_provenance();

-- Offsets into a source's text are only meaningful for the text they were taken from.
CREATE FUNCTION forbid_quoted_source_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM "Statement" WHERE "sourceId" = OLD."id")
    OR EXISTS (SELECT FROM "Role" WHERE "sourceId" = OLD."id") THEN
    RAISE EXCEPTION 'text of Source % cannot change: statements or roles quote it by offset', OLD."id"
      USING ERRCODE = 'check_violation', TABLE = 'Source', CONSTRAINT = 'Source_quoted_text_fixed';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Source_quoted_text_fixed"
  BEFORE UPDATE OF "text" ON "Source"
  FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text")
  EXECUTE FUNCTION forbid_quoted_source_text_change();

-- A position is a reading of what was said: it needs at least one statement as evidence. Checked
-- at commit, so a position and its evidence can be written in either order in one transaction.
CREATE FUNCTION assert_position_has_evidence(position_id integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- A deleted position takes its evidence with it; only surviving positions must have some.
  IF EXISTS (SELECT FROM "Position" WHERE "id" = position_id)
    AND NOT EXISTS (SELECT FROM "PositionEvidence" WHERE "positionId" = position_id) THEN
    RAISE EXCEPTION 'Position % has no evidence', position_id
      USING ERRCODE = 'check_violation', TABLE = 'Position', CONSTRAINT = 'Position_has_evidence';
  END IF;
END;
$$;

CREATE FUNCTION check_new_position_has_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assert_position_has_evidence(NEW."id");
  RETURN NULL;
END;
$$;

CREATE FUNCTION check_position_keeps_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assert_position_has_evidence(OLD."positionId");
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "Position_has_evidence"
  AFTER INSERT ON "Position"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_new_position_has_evidence();

CREATE CONSTRAINT TRIGGER "PositionEvidence_keeps_position_evidenced"
  AFTER UPDATE OR DELETE ON "PositionEvidence"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_position_keeps_evidence();
