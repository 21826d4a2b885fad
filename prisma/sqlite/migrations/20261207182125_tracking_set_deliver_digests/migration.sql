-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TrackingSet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "filter" TEXT NOT NULL,
    "destinationKind" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "lastDeliveredEventTime" DATETIME,
    "lastDeliveredAt" DATETIME,
    "lastError" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "deliverDigests" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_TrackingSet" ("createdAt", "destination", "destinationKind", "enabled", "failures", "filter", "id", "lastDeliveredAt", "lastDeliveredEventTime", "lastError", "name", "position", "secretEncrypted", "updatedAt") SELECT "createdAt", "destination", "destinationKind", "enabled", "failures", "filter", "id", "lastDeliveredAt", "lastDeliveredEventTime", "lastError", "name", "position", "secretEncrypted", "updatedAt" FROM "TrackingSet";
DROP TABLE "TrackingSet";
ALTER TABLE "new_TrackingSet" RENAME TO "TrackingSet";
CREATE UNIQUE INDEX "TrackingSet_name_key" ON "TrackingSet"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
