-- CreateTable
CREATE TABLE "StreamCursor" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlarmPolicy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "severity" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "builtinKey" TEXT,
    "sigmaId" TEXT,
    "sigmaMeta" TEXT,
    "condition" TEXT NOT NULL,
    "thresholdCount" INTEGER,
    "thresholdWindowMinutes" INTEGER,
    "thresholdPer" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "notifyConsole" BOOLEAN NOT NULL DEFAULT true,
    "webhookUrl" TEXT,
    "webhookSecretEncrypted" TEXT,
    "emailTo" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Alarm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "policyId" INTEGER NOT NULL,
    "groupKey" TEXT NOT NULL DEFAULT '',
    "trigger" TEXT NOT NULL,
    "firstEventTime" DATETIME NOT NULL,
    "lastEventTime" DATETIME NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "notifyError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alarm_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AlarmPolicy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlarmEvent" (
    "alarmId" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventTime" DATETIME NOT NULL,

    PRIMARY KEY ("alarmId", "eventId"),
    CONSTRAINT "AlarmEvent_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlarmMatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "policyId" INTEGER NOT NULL,
    "groupKey" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventTime" DATETIME NOT NULL,
    CONSTRAINT "AlarmMatch_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AlarmPolicy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "alarmId" INTEGER,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME,
    CONSTRAINT "Message_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrackingSet" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trackingSetId" INTEGER NOT NULL,
    "eventIds" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "firstEventTime" DATETIME NOT NULL,
    "lastEventTime" DATETIME NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retriedAt" DATETIME,
    "deliveredAt" DATETIME,
    CONSTRAINT "DeadLetter_trackingSetId_fkey" FOREIGN KEY ("trackingSetId") REFERENCES "TrackingSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HistoricalDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trackingSetId" INTEGER NOT NULL,
    "fromTime" DATETIME NOT NULL,
    "toTime" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "HistoricalDelivery_trackingSetId_fkey" FOREIGN KEY ("trackingSetId") REFERENCES "TrackingSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChainHead" (
    "chainKey" TEXT NOT NULL PRIMARY KEY,
    "length" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL,
    "lastEventId" TEXT,
    "cutIndex" INTEGER NOT NULL DEFAULT 0,
    "cutHash" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ChainHead" ("chainKey", "lastEventId", "lastHash", "length", "updatedAt") SELECT "chainKey", "lastEventId", "lastHash", "length", "updatedAt" FROM "ChainHead";
DROP TABLE "ChainHead";
ALTER TABLE "new_ChainHead" RENAME TO "ChainHead";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AlarmPolicy_builtinKey_key" ON "AlarmPolicy"("builtinKey");

-- CreateIndex
CREATE UNIQUE INDEX "AlarmPolicy_sigmaId_key" ON "AlarmPolicy"("sigmaId");

-- CreateIndex
CREATE INDEX "Alarm_policyId_groupKey_lastEventTime_idx" ON "Alarm"("policyId", "groupKey", "lastEventTime");

-- CreateIndex
CREATE INDEX "Alarm_createdAt_idx" ON "Alarm"("createdAt");

-- CreateIndex
CREATE INDEX "AlarmEvent_eventId_idx" ON "AlarmEvent"("eventId");

-- CreateIndex
CREATE INDEX "AlarmMatch_policyId_groupKey_eventTime_idx" ON "AlarmMatch"("policyId", "groupKey", "eventTime");

-- CreateIndex
CREATE UNIQUE INDEX "AlarmMatch_policyId_eventId_key" ON "AlarmMatch"("policyId", "eventId");

-- CreateIndex
CREATE INDEX "Message_userId_readAt_idx" ON "Message"("userId", "readAt");

-- CreateIndex
CREATE INDEX "Message_userId_createdAt_idx" ON "Message"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingSet_name_key" ON "TrackingSet"("name");

-- CreateIndex
CREATE INDEX "DeadLetter_trackingSetId_deliveredAt_idx" ON "DeadLetter"("trackingSetId", "deliveredAt");

-- CreateIndex
CREATE INDEX "HistoricalDelivery_state_idx" ON "HistoricalDelivery"("state");
