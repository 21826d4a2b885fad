-- AlterTable
ALTER TABLE "Event" ADD COLUMN "chainIndex" INTEGER;
ALTER TABLE "Event" ADD COLUMN "hash" TEXT;
ALTER TABLE "Event" ADD COLUMN "prevHash" TEXT;

-- CreateTable
CREATE TABLE "ChainHead" (
    "chainKey" TEXT NOT NULL PRIMARY KEY,
    "length" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL,
    "lastEventId" TEXT,
    "updatedAt" DATETIME NOT NULL
);
