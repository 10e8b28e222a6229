-- CreateTable
CREATE TABLE "ContextLoad" (
    "sourceSlug" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "loadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContextLoad_pkey" PRIMARY KEY ("sourceSlug")
);
