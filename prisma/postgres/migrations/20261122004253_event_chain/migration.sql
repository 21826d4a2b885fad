-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "chainIndex" INTEGER,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateTable
CREATE TABLE "ChainHead" (
    "chainKey" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL,
    "lastEventId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChainHead_pkey" PRIMARY KEY ("chainKey")
);
