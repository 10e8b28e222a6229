-- Emptying a searchable table with TRUNCATE fires no row or statement trigger of the kinds the
-- postings follow (search_postings), so its postings go here.
CREATE FUNCTION search_postings_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "SearchPosting" WHERE "type" = TG_ARGV[0];
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Statement_search_postings_truncate" AFTER TRUNCATE ON "Statement"
  FOR EACH STATEMENT EXECUTE FUNCTION search_postings_truncated('STATEMENT');
CREATE TRIGGER "Event_search_postings_truncate" AFTER TRUNCATE ON "Event"
  FOR EACH STATEMENT EXECUTE FUNCTION search_postings_truncated('EVENT');
CREATE TRIGGER "Actor_search_postings_truncate" AFTER TRUNCATE ON "Actor"
  FOR EACH STATEMENT EXECUTE FUNCTION search_postings_truncated('ACTOR');
CREATE TRIGGER "Topic_search_postings_truncate" AFTER TRUNCATE ON "Topic"
  FOR EACH STATEMENT EXECUTE FUNCTION search_postings_truncated('TOPIC');
CREATE TRIGGER "Position_search_postings_truncate" AFTER TRUNCATE ON "Position"
  FOR EACH STATEMENT EXECUTE FUNCTION search_postings_truncated('POSITION');
