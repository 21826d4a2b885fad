-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Connection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "pushToken" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "lastErrorKind" TEXT,
    "failingSince" DATETIME,
    "lastRunAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "position" TEXT NOT NULL DEFAULT '{}',
    "backfill" TEXT,
    "eventsImported" INTEGER NOT NULL DEFAULT 0,
    "eventsToday" INTEGER NOT NULL DEFAULT 0,
    "eventsTodayOn" DATETIME,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "pagesRead" INTEGER NOT NULL DEFAULT 0,
    "waiting" INTEGER NOT NULL DEFAULT 0,
    "newestEventTime" DATETIME,
    "pushRefused" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Connection" ("backfill", "createdAt", "duplicates", "eventsImported", "failingSince", "id", "kind", "lastError", "lastErrorKind", "lastRunAt", "lastSuccessAt", "leaseExpiresAt", "leaseOwner", "name", "newestEventTime", "objectsRead", "pagesRead", "paused", "position", "pushRefused", "pushToken", "rejected", "secretEncrypted", "settings", "updatedAt", "waiting") SELECT "backfill", "createdAt", "duplicates", "eventsImported", "failingSince", "id", "kind", "lastError", "lastErrorKind", "lastRunAt", "lastSuccessAt", "leaseExpiresAt", "leaseOwner", "name", "newestEventTime", "objectsRead", "pagesRead", "paused", "position", "pushRefused", "pushToken", "rejected", "secretEncrypted", "settings", "updatedAt", "waiting" FROM "Connection";
DROP TABLE "Connection";
ALTER TABLE "new_Connection" RENAME TO "Connection";
CREATE UNIQUE INDEX "Connection_name_key" ON "Connection"("name");
CREATE UNIQUE INDEX "Connection_pushToken_key" ON "Connection"("pushToken");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
