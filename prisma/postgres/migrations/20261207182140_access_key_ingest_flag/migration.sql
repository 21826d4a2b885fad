-- AlterTable
ALTER TABLE "AccessKey" ADD COLUMN     "mayIngest" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SignatureRefusal" (
    "accessKeyId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "SignatureRefusal_pkey" PRIMARY KEY ("accessKeyId","minute","sourceIp")
);

-- CreateIndex
CREATE INDEX "SignatureRefusal_minute_idx" ON "SignatureRefusal"("minute");
