-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "statusBasis" "FactBasis" NOT NULL DEFAULT 'SOURCE';
