-- AlterTable
ALTER TABLE "Event" ALTER COLUMN "timeZone" DROP NOT NULL;
