-- CreateEnum
CREATE TYPE "FactBasis" AS ENUM ('SOURCE', 'DERIVED', 'BACKGROUND');

-- CreateEnum
CREATE TYPE "TimePrecision" AS ENUM ('MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('SUMMIT', 'MEETING', 'BRIEFING', 'PRESS_CONFERENCE', 'PHONE_CALL', 'CONVERSATION', 'SPEECH', 'INTERVIEW');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('SCHEDULED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('PERSON', 'COUNTRY', 'GOVERNMENT', 'ORGANIZATION', 'GROUP');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('PRINCIPAL', 'HOST', 'SPEAKER', 'PARTICIPANT');

-- CreateEnum
CREATE TYPE "StatementKind" AS ENUM ('DIRECT_QUOTE', 'PARAPHRASE');

-- CreateEnum
CREATE TYPE "Stance" AS ENUM ('SUPPORTS', 'OPPOSES', 'CONDITIONAL', 'OPEN', 'DEFERS');

-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dateline" TEXT,
    "publisher" TEXT,
    "url" TEXT,
    "language" TEXT NOT NULL,
    "publishedOn" DATE,
    "publishedOnBasis" "FactBasis",
    "note" TEXT,
    "text" TEXT NOT NULL,
    "textLength" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Place" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locality" TEXT,
    "region" TEXT,
    "country" TEXT,
    "countryCode" CHAR(2),
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "coordinatesBasis" "FactBasis",
    "note" TEXT,

    CONSTRAINT "Place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "EventKind" NOT NULL,
    "status" "EventStatus" NOT NULL,
    "description" TEXT,
    "startsAt" TIMESTAMPTZ(3),
    "timeZone" TEXT NOT NULL,
    "timePrecision" "TimePrecision" NOT NULL,
    "timeBasis" "FactBasis" NOT NULL,
    "timeNote" TEXT,
    "placeId" INTEGER,
    "parentId" INTEGER,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Actor" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" "ActorKind" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "Actor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "actorId" INTEGER NOT NULL,
    "givenName" TEXT,
    "familyName" TEXT,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("actorId")
);

-- CreateTable
CREATE TABLE "Role" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "organizationId" INTEGER,
    "startDate" DATE,
    "endDate" DATE,
    "spanBasis" "FactBasis",
    "note" TEXT,
    "sourceId" INTEGER,
    "start" INTEGER,
    "end" INTEGER,
    "exact" TEXT,
    "prefix" TEXT,
    "suffix" TEXT,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventParticipant" (
    "eventId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "note" TEXT,

    CONSTRAINT "EventParticipant_pkey" PRIMARY KEY ("eventId","actorId")
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "Topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Statement" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "StatementKind" NOT NULL,
    "text" TEXT NOT NULL,
    "verb" TEXT,
    "speakerId" INTEGER NOT NULL,
    "occasionId" INTEGER,
    "saidAt" TIMESTAMPTZ(3),
    "timeZone" TEXT,
    "timePrecision" "TimePrecision",
    "timeBasis" "FactBasis",
    "timeText" TEXT,
    "sourceId" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,

    CONSTRAINT "Statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatementTopic" (
    "statementId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    CONSTRAINT "StatementTopic_pkey" PRIMARY KEY ("statementId","topicId")
);

-- CreateTable
CREATE TABLE "StatementEvent" (
    "statementId" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,

    CONSTRAINT "StatementEvent_pkey" PRIMARY KEY ("statementId","eventId")
);

-- CreateTable
CREATE TABLE "Position" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "holderId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "stance" "Stance" NOT NULL,
    "summary" TEXT NOT NULL,
    "conditions" TEXT[],
    "asOf" DATE NOT NULL,
    "asOfBasis" "FactBasis" NOT NULL,

    CONSTRAINT "Position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PositionEvidence" (
    "positionId" INTEGER NOT NULL,
    "statementId" INTEGER NOT NULL,

    CONSTRAINT "PositionEvidence_pkey" PRIMARY KEY ("positionId","statementId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_slug_key" ON "Source"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Place_slug_key" ON "Place"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");

-- CreateIndex
CREATE INDEX "Event_placeId_idx" ON "Event"("placeId");

-- CreateIndex
CREATE INDEX "Event_parentId_idx" ON "Event"("parentId");

-- CreateIndex
CREATE INDEX "Event_kind_idx" ON "Event"("kind");

-- CreateIndex
CREATE INDEX "Event_startsAt_idx" ON "Event"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Actor_slug_key" ON "Actor"("slug");

-- CreateIndex
CREATE INDEX "Actor_kind_idx" ON "Actor"("kind");

-- CreateIndex
CREATE INDEX "Role_organizationId_idx" ON "Role"("organizationId");

-- CreateIndex
CREATE INDEX "Role_sourceId_idx" ON "Role"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Role_personId_title_key" ON "Role"("personId", "title");

-- CreateIndex
CREATE INDEX "EventParticipant_actorId_idx" ON "EventParticipant"("actorId");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_slug_key" ON "Topic"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Statement_key_key" ON "Statement"("key");

-- CreateIndex
CREATE INDEX "Statement_speakerId_idx" ON "Statement"("speakerId");

-- CreateIndex
CREATE INDEX "Statement_occasionId_idx" ON "Statement"("occasionId");

-- CreateIndex
CREATE INDEX "Statement_sourceId_idx" ON "Statement"("sourceId");

-- CreateIndex
CREATE INDEX "Statement_saidAt_idx" ON "Statement"("saidAt");

-- CreateIndex
CREATE INDEX "Statement_kind_idx" ON "Statement"("kind");

-- CreateIndex
CREATE INDEX "StatementTopic_topicId_idx" ON "StatementTopic"("topicId");

-- CreateIndex
CREATE INDEX "StatementEvent_eventId_idx" ON "StatementEvent"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Position_key_key" ON "Position"("key");

-- CreateIndex
CREATE INDEX "Position_holderId_idx" ON "Position"("holderId");

-- CreateIndex
CREATE INDEX "Position_topicId_idx" ON "Position"("topicId");

-- CreateIndex
CREATE INDEX "Position_stance_idx" ON "Position"("stance");

-- CreateIndex
CREATE INDEX "PositionEvidence_statementId_idx" ON "PositionEvidence"("statementId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("actorId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventParticipant" ADD CONSTRAINT "EventParticipant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventParticipant" ADD CONSTRAINT "EventParticipant_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_occasionId_fkey" FOREIGN KEY ("occasionId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatementTopic" ADD CONSTRAINT "StatementTopic_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatementTopic" ADD CONSTRAINT "StatementTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatementEvent" ADD CONSTRAINT "StatementEvent_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatementEvent" ADD CONSTRAINT "StatementEvent_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "Actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PositionEvidence" ADD CONSTRAINT "PositionEvidence_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PositionEvidence" ADD CONSTRAINT "PositionEvidence_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
