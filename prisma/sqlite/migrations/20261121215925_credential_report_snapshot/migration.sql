-- AlterTable
ALTER TABLE "Account" ADD COLUMN "reportClaimedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CredentialReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "content" TEXT,
    CONSTRAINT "CredentialReport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_CredentialReport" ("accountId", "completedAt", "content", "generatedAt", "id", "state") SELECT "accountId", "completedAt", "content", "generatedAt", "id", "state" FROM "CredentialReport";
DROP TABLE "CredentialReport";
ALTER TABLE "new_CredentialReport" RENAME TO "CredentialReport";
CREATE INDEX "CredentialReport_accountId_generatedAt_idx" ON "CredentialReport"("accountId", "generatedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
