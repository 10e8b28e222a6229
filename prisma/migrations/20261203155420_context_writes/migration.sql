/*
  Warnings:

  - You are about to drop the `ContextLoad` table. If the table is not empty, all the data it contains will be lost.
  - A unique constraint covering the columns `[sourceId,key]` on the table `Position` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[sourceId,personId,title]` on the table `Role` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[sourceId,key]` on the table `Statement` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "RevisionAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE');

-- DropIndex
DROP INDEX "Position_key_key";

-- DropIndex
DROP INDEX "Role_personId_title_key";

-- DropIndex
DROP INDEX "Statement_key_key";

-- AlterTable
ALTER TABLE "Actor" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Place" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Position" ADD COLUMN     "sourceId" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Role" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "bundleDigest" TEXT,
ADD COLUMN     "textRevision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Statement" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Topic" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- DropTable
DROP TABLE "ContextLoad";

-- CreateTable
CREATE TABLE "SourceRevision" (
    "sourceId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "textLength" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revisionId" INTEGER,

    CONSTRAINT "SourceRevision_pkey" PRIMARY KEY ("sourceId","revision")
);

-- CreateTable
CREATE TABLE "ParticipationClaim" (
    "eventId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "note" TEXT,

    CONSTRAINT "ParticipationClaim_pkey" PRIMARY KEY ("eventId","actorId","sourceId")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "apiKeyId" INTEGER NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "requestDigest" TEXT NOT NULL,
    "response" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("apiKeyId","key")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "apiKeyId" INTEGER,
    "author" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "bundleDigest" TEXT,
    "sourceSlug" TEXT,
    "reason" TEXT,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevisionChange" (
    "id" SERIAL NOT NULL,
    "revisionId" INTEGER NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" INTEGER NOT NULL,
    "action" "RevisionAction" NOT NULL,
    "version" INTEGER NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "RevisionChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ParticipationClaim_actorId_idx" ON "ParticipationClaim"("actorId");

-- CreateIndex
CREATE INDEX "ParticipationClaim_sourceId_idx" ON "ParticipationClaim"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_digest_key" ON "ApiKey"("digest");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");

-- CreateIndex
CREATE INDEX "Revision_apiKeyId_idx" ON "Revision"("apiKeyId");

-- CreateIndex
CREATE INDEX "RevisionChange_entityType_entityId_id_idx" ON "RevisionChange"("entityType", "entityId", "id");

-- CreateIndex
CREATE INDEX "RevisionChange_revisionId_id_idx" ON "RevisionChange"("revisionId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Position_sourceId_key_key" ON "Position"("sourceId", "key");

-- CreateIndex
CREATE INDEX "Role_personId_idx" ON "Role"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Role_sourceId_personId_title_key" ON "Role"("sourceId", "personId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "Statement_sourceId_key_key" ON "Statement"("sourceId", "key");

-- AddForeignKey
ALTER TABLE "SourceRevision" ADD CONSTRAINT "SourceRevision_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipationClaim" ADD CONSTRAINT "ParticipationClaim_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipationClaim" ADD CONSTRAINT "ParticipationClaim_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipationClaim" ADD CONSTRAINT "ParticipationClaim_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevisionChange" ADD CONSTRAINT "RevisionChange_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand from here on.

-- Positions belong to the source that brought them: the source of their first evidence.
UPDATE "Position" p SET "sourceId" = (
  SELECT s."sourceId" FROM "PositionEvidence" e JOIN "Statement" s ON s."id" = e."statementId"
  WHERE e."positionId" = p."id" ORDER BY s."id" LIMIT 1
);

-- Every source's current text is its first revision.
INSERT INTO "SourceRevision" ("sourceId", "revision", "text", "textLength", "sha256")
SELECT "id", 1, "text", "textLength", "sha256" FROM "Source";

-- A source's text may now change (a new revision), provided that, when the transaction commits,
-- every statement and role quoting it matches the new text: an import re-anchors them in the
-- same transaction, and one it leaves behind fails the commit, naming it.
DROP TRIGGER "Source_quoted_text_fixed" ON "Source";
DROP FUNCTION forbid_quoted_source_text_change();

CREATE FUNCTION check_source_quotes_match_text() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  current_text text;
  found record;
BEGIN
  SELECT "text" INTO current_text FROM "Source" WHERE "id" = NEW."id";
  IF current_text IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT 'Statement' AS kind, s."id", s."key" AS label,
         provenance_mismatch(current_text, s."start", s."end", s."exact", s."prefix", s."suffix") AS mismatch
    INTO found
    FROM "Statement" s
   WHERE s."sourceId" = NEW."id"
     AND provenance_mismatch(current_text, s."start", s."end", s."exact", s."prefix", s."suffix") IS NOT NULL
   LIMIT 1;
  IF found IS NULL THEN
    SELECT 'Role' AS kind, r."id", r."title" AS label,
           provenance_mismatch(current_text, r."start", r."end", r."exact", r."prefix", r."suffix") AS mismatch
      INTO found
      FROM "Role" r
     WHERE r."sourceId" = NEW."id"
       AND provenance_mismatch(current_text, r."start", r."end", r."exact", r."prefix", r."suffix") IS NOT NULL
     LIMIT 1;
  END IF;
  IF found IS NOT NULL THEN
    RAISE EXCEPTION 'provenance mismatch for % % ("%") after the text of Source % changed: %',
      found.kind, found."id", found.label, NEW."id", found.mismatch
      USING ERRCODE = 'check_violation', TABLE = 'Source', CONSTRAINT = 'Source_quotes_match_text';
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "Source_quotes_match_text"
  AFTER UPDATE OF "text" ON "Source"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text")
  EXECUTE FUNCTION check_source_quotes_match_text();
