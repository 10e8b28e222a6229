-- Invariants the API promises and the readers (src/bundle/schema.ts, src/bundle/verify.ts and
-- src/seed/context-file.ts) check, now enforced by the database on every write, whoever writes.
-- Prisma's migration diff does not see CHECK constraints, functions or triggers, so these stay out
-- of `npm run db:check-migrations`; a later migration that rebuilds one of these tables must
-- recreate them. Every violation raises SQLSTATE 23514 (check_violation) and names its
-- constraint. Not made rules here: formats (slugs, language tags, country codes, trimmed words),
-- which are the readers' to check, and cycles of event parents longer than one.

-- Whether a stored instant is the start of the period its precision names, in its time zone (UTC
-- when it has none), as the API documents times of DAY, MONTH or YEAR precision to be: the same
-- test as precisionMismatch (src/bundle/time.ts), which looks at whole seconds only. NULL when the
-- instant or the precision is NULL. An unknown time zone is an error (22023), not a mismatch.
-- Precision is text so the function does not depend on the enum's type.
CREATE FUNCTION instant_starts_period(instant timestamptz, time_zone text, time_precision text)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT date_trunc(lower(time_precision), instant, coalesce(time_zone, 'UTC'))
    = date_trunc('second', instant, 'UTC')
$$;

-- Statements

ALTER TABLE "Statement" ADD CONSTRAINT "Statement_direct_quote_text_is_exact"
  CHECK ("kind" <> 'DIRECT_QUOTE' OR "text" = "exact");

-- `timeText` is the source's own words and may stand alone ("in the lead-up to the summit"
-- resolves to no instant), so it is not part of the set.
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_time_fields_together"
  CHECK (("saidAt" IS NULL) = ("timePrecision" IS NULL) AND ("saidAt" IS NULL) = ("timeBasis" IS NULL));

ALTER TABLE "Statement" ADD CONSTRAINT "Statement_time_zone_needs_said_at"
  CHECK ("timeZone" IS NULL OR "saidAt" IS NOT NULL);

ALTER TABLE "Statement" ADD CONSTRAINT "Statement_said_at_starts_its_period"
  CHECK (instant_starts_period("saidAt", "timeZone", "timePrecision"::text));

-- The provenance trigger checks the span against the text too; this holds where triggers do not run.
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_span_in_order"
  CHECK ("start" >= 0 AND "start" < "end");

-- Events: `timePrecision` and `timeBasis` are required columns, so only the instant is checked.

ALTER TABLE "Event" ADD CONSTRAINT "Event_starts_at_starts_its_period"
  CHECK (instant_starts_period("startsAt", "timeZone", "timePrecision"::text));

ALTER TABLE "Event" ADD CONSTRAINT "Event_not_its_own_parent"
  CHECK ("parentId" <> "id");

-- Places

ALTER TABLE "Place" ADD CONSTRAINT "Place_coordinates_together"
  CHECK (("latitude" IS NULL) = ("longitude" IS NULL) AND ("latitude" IS NULL) = ("coordinatesBasis" IS NULL));

-- BETWEEN is false for NaN, so NaN is refused too.
ALTER TABLE "Place" ADD CONSTRAINT "Place_latitude_in_range"
  CHECK ("latitude" BETWEEN -90 AND 90);

ALTER TABLE "Place" ADD CONSTRAINT "Place_longitude_in_range"
  CHECK ("longitude" BETWEEN -180 AND 180);

-- Sources

ALTER TABLE "Source" ADD CONSTRAINT "Source_published_on_with_basis"
  CHECK (("publishedOn" IS NULL) = ("publishedOnBasis" IS NULL));

-- Roles

ALTER TABLE "Role" ADD CONSTRAINT "Role_dates_in_order"
  CHECK ("endDate" >= "startDate");

-- A role's span is checked against its source by the provenance trigger; without a source there is
-- nothing for offsets to point into.
ALTER TABLE "Role" ADD CONSTRAINT "Role_span_needs_source"
  CHECK ("sourceId" IS NOT NULL
    OR ("start" IS NULL AND "end" IS NULL AND "exact" IS NULL AND "prefix" IS NULL AND "suffix" IS NULL));

ALTER TABLE "Role" ADD CONSTRAINT "Role_span_in_order"
  CHECK (("start" IS NULL) = ("end" IS NULL) AND "start" >= 0 AND "start" < "end");

-- An actor of kind PERSON has a Person row, and only such an actor has one (so only persons hold
-- roles, whose foreign key points at Person). Checked at commit, so an actor and its person can be
-- written in one transaction, and a kind can change along with its Person row. The message names
-- the rule too: the driver adapter passes on a commit's error without its constraint field.
CREATE FUNCTION assert_person_matches_actor_kind(actor_id integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  actor_kind text;
  has_person boolean;
BEGIN
  SELECT "kind"::text INTO actor_kind FROM "Actor" WHERE "id" = actor_id;
  -- A deleted actor takes its person with it.
  IF NOT FOUND THEN
    RETURN;
  END IF;
  has_person := EXISTS (SELECT FROM "Person" WHERE "actorId" = actor_id);
  IF actor_kind = 'PERSON' AND NOT has_person THEN
    RAISE EXCEPTION 'Actor % is a PERSON but has no Person row (Actor_person_iff_kind_person)', actor_id
      USING ERRCODE = 'check_violation', TABLE = 'Actor', CONSTRAINT = 'Actor_person_iff_kind_person';
  ELSIF actor_kind <> 'PERSON' AND has_person THEN
    RAISE EXCEPTION 'Actor % is a % but has a Person row; only a PERSON has one (Actor_person_iff_kind_person)',
      actor_id, actor_kind
      USING ERRCODE = 'check_violation', TABLE = 'Person', CONSTRAINT = 'Actor_person_iff_kind_person';
  END IF;
END;
$$;

CREATE FUNCTION check_actor_person_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'Actor' THEN
    PERFORM assert_person_matches_actor_kind(NEW."id");
  ELSE
    IF TG_OP <> 'INSERT' THEN
      PERFORM assert_person_matches_actor_kind(OLD."actorId");
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."actorId" <> OLD."actorId") THEN
      PERFORM assert_person_matches_actor_kind(NEW."actorId");
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "Actor_person_iff_kind_person"
  AFTER INSERT OR UPDATE OF "id", "kind" ON "Actor"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_actor_person_kind();

CREATE CONSTRAINT TRIGGER "Person_actor_is_person"
  AFTER INSERT OR UPDATE OF "actorId" OR DELETE ON "Person"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_actor_person_kind();

-- Constraint triggers see only new writes: the rows already stored must agree too.
DO $$
DECLARE
  stray record;
BEGIN
  SELECT a."id", a."kind" INTO stray FROM "Actor" a
   WHERE (a."kind" = 'PERSON') <> EXISTS (SELECT FROM "Person" p WHERE p."actorId" = a."id")
   ORDER BY a."id" LIMIT 1;
  IF FOUND THEN
    PERFORM assert_person_matches_actor_kind(stray."id");
  END IF;
END;
$$;
