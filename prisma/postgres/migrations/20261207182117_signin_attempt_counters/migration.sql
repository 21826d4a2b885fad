-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastTotpStep" INTEGER;

-- CreateTable
CREATE TABLE "AttemptCounter" (
    "key" TEXT NOT NULL,
    "windowStart" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "AttemptCounter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AttemptCounter_windowStart_idx" ON "AttemptCounter"("windowStart");
