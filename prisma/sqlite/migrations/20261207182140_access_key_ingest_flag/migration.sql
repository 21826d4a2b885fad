-- CreateTable
CREATE TABLE "SignatureRefusal" (
    "accessKeyId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY ("accessKeyId", "minute", "sourceIp")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AccessKey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accessKeyId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" DATETIME,
    "deletedAt" DATETIME,
    "lastUsedAt" DATETIME,
    "lastUsedService" TEXT,
    "lastUsedRegion" TEXT,
    "lastUsedIp" TEXT,
    "mayIngest" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AccessKey" ("accessKeyId", "createdAt", "deletedAt", "disabledAt", "id", "lastUsedAt", "lastUsedIp", "lastUsedRegion", "lastUsedService", "secretEncrypted", "status", "userId") SELECT "accessKeyId", "createdAt", "deletedAt", "disabledAt", "id", "lastUsedAt", "lastUsedIp", "lastUsedRegion", "lastUsedService", "secretEncrypted", "status", "userId" FROM "AccessKey";
DROP TABLE "AccessKey";
ALTER TABLE "new_AccessKey" RENAME TO "AccessKey";
CREATE UNIQUE INDEX "AccessKey_accessKeyId_key" ON "AccessKey"("accessKeyId");
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SignatureRefusal_minute_idx" ON "SignatureRefusal"("minute");
