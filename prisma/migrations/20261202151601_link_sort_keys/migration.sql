-- AlterTable
ALTER TABLE "EventParticipant" ADD COLUMN     "eventStartsAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "StatementTopic" ADD COLUMN     "sourceId" INTEGER,
ADD COLUMN     "start" INTEGER;

-- A topic's statements and an actor's events are read through link tables; the order they page
-- in (reading order; the event's start) lives on the linked row. A copy on the link row, kept by
-- the triggers below, lets an index serve that order, so a page reads its own rows and not every
-- link of the parent.

UPDATE "StatementTopic" st SET "sourceId" = s."sourceId", "start" = s."start"
FROM "Statement" s WHERE s."id" = st."statementId";

UPDATE "EventParticipant" ep SET "eventStartsAt" = e."startsAt"
FROM "Event" e WHERE e."id" = ep."eventId";

-- The copies are NULL only until their row is written: the triggers fill them.
ALTER TABLE "StatementTopic" ADD CONSTRAINT "StatementTopic_sort_key_present"
  CHECK ("sourceId" IS NOT NULL AND "start" IS NOT NULL);

-- These lead with the parent's id, so they also serve what the indexes they replace served.
CREATE INDEX "StatementTopic_topic_reading_order_idx"
  ON "StatementTopic" ("topicId", "sourceId", "start", "statementId");
DROP INDEX "StatementTopic_topicId_idx";

CREATE INDEX "EventParticipant_actor_starts_idx"
  ON "EventParticipant" ("actorId", (COALESCE("eventStartsAt", 'infinity'::timestamptz)), "eventId");
DROP INDEX "EventParticipant_actorId_idx";

-- Whatever a writer passes, the copy is the linked row's.
CREATE FUNCTION set_statement_topic_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT s."sourceId", s."start" INTO NEW."sourceId", NEW."start" FROM "Statement" s WHERE s."id" = NEW."statementId";
  RETURN NEW;
END;
$$;

CREATE TRIGGER "StatementTopic_sort_key"
  BEFORE INSERT OR UPDATE ON "StatementTopic"
  FOR EACH ROW EXECUTE FUNCTION set_statement_topic_sort_key();

CREATE FUNCTION update_statement_topic_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "StatementTopic" SET "sourceId" = NEW."sourceId", "start" = NEW."start" WHERE "statementId" = NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Statement_topic_sort_keys"
  AFTER UPDATE OF "sourceId", "start" ON "Statement"
  FOR EACH ROW WHEN (OLD."sourceId" IS DISTINCT FROM NEW."sourceId" OR OLD."start" IS DISTINCT FROM NEW."start")
  EXECUTE FUNCTION update_statement_topic_sort_keys();

CREATE FUNCTION set_event_participant_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT e."startsAt" INTO NEW."eventStartsAt" FROM "Event" e WHERE e."id" = NEW."eventId";
  RETURN NEW;
END;
$$;

CREATE TRIGGER "EventParticipant_sort_key"
  BEFORE INSERT OR UPDATE ON "EventParticipant"
  FOR EACH ROW EXECUTE FUNCTION set_event_participant_sort_key();

CREATE FUNCTION update_event_participant_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "EventParticipant" SET "eventStartsAt" = NEW."startsAt" WHERE "eventId" = NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Event_participant_sort_keys"
  AFTER UPDATE OF "startsAt" ON "Event"
  FOR EACH ROW WHEN (OLD."startsAt" IS DISTINCT FROM NEW."startsAt")
  EXECUTE FUNCTION update_event_participant_sort_keys();
