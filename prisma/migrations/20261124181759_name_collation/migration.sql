-- Names and titles sort by code point ("C"), so lists ordered by name come out the same on
-- every server, whatever collation its databases default to. Prisma's diff ignores collations.
ALTER TABLE "Actor" ALTER COLUMN "name" TYPE text COLLATE "C";
ALTER TABLE "Topic" ALTER COLUMN "name" TYPE text COLLATE "C";
ALTER TABLE "Event" ALTER COLUMN "title" TYPE text COLLATE "C";
