-- DropIndex
DROP INDEX "CredentialReport_accountId_format_generatedAt_idx";

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "reportClaimedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CredentialReport" DROP COLUMN "format";

-- CreateIndex
CREATE INDEX "CredentialReport_accountId_generatedAt_idx" ON "CredentialReport"("accountId", "generatedAt");
