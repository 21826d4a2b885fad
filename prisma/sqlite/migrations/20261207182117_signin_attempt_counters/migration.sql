-- AlterTable
ALTER TABLE "User" ADD COLUMN "lastTotpStep" INTEGER;

-- CreateTable
CREATE TABLE "AttemptCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" BIGINT NOT NULL,
    "count" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "AttemptCounter_windowStart_idx" ON "AttemptCounter"("windowStart");
