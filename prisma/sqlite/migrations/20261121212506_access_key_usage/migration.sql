-- AlterTable
ALTER TABLE "AccessKey" ADD COLUMN "deletedAt" DATETIME;

-- CreateTable
CREATE TABLE "AccessKeyUsage" (
    "accessKeyId" TEXT NOT NULL PRIMARY KEY,
    "calls" INTEGER NOT NULL,
    "failedCalls" INTEGER NOT NULL,
    "firstSeen" DATETIME NOT NULL,
    "lastSeen" TEXT NOT NULL,
    "lastUsed" TEXT,
    "accountId" TEXT,
    "userName" TEXT,
    "userId" INTEGER
);

-- CreateTable
CREATE TABLE "AccessKeyUsageDaily" (
    "accessKeyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "failedCalls" INTEGER NOT NULL,
    "lastSeen" TEXT NOT NULL,

    PRIMARY KEY ("accessKeyId", "kind", "service", "day", "value")
);

-- CreateIndex
CREATE INDEX "AccessKeyUsage_userId_idx" ON "AccessKeyUsage"("userId");
