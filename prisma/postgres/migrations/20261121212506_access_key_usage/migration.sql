-- AlterTable
ALTER TABLE "AccessKey" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AccessKeyUsage" (
    "accessKeyId" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "failedCalls" INTEGER NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TEXT NOT NULL,
    "lastUsed" TEXT,
    "accountId" TEXT,
    "userName" TEXT,
    "userId" INTEGER,

    CONSTRAINT "AccessKeyUsage_pkey" PRIMARY KEY ("accessKeyId")
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

    CONSTRAINT "AccessKeyUsageDaily_pkey" PRIMARY KEY ("accessKeyId","kind","service","day","value")
);

-- CreateIndex
CREATE INDEX "AccessKeyUsage_userId_idx" ON "AccessKeyUsage"("userId");
