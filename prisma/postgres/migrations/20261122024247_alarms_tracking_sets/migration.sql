-- AlterTable
ALTER TABLE "ChainHead" ADD COLUMN     "cutHash" TEXT,
ADD COLUMN     "cutIndex" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "StreamCursor" (
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StreamCursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "AlarmPolicy" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlarmPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alarm" (
    "id" SERIAL NOT NULL,
    "policyId" INTEGER NOT NULL,
    "groupKey" TEXT NOT NULL DEFAULT '',
    "trigger" TEXT NOT NULL,
    "firstEventTime" TIMESTAMP(3) NOT NULL,
    "lastEventTime" TIMESTAMP(3) NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "notifyError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmEvent" (
    "alarmId" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlarmEvent_pkey" PRIMARY KEY ("alarmId","eventId")
);

-- CreateTable
CREATE TABLE "AlarmMatch" (
    "id" SERIAL NOT NULL,
    "policyId" INTEGER NOT NULL,
    "groupKey" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlarmMatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "alarmId" INTEGER,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrackingSet" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "filter" TEXT NOT NULL,
    "destinationKind" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "lastDeliveredEventTime" TIMESTAMP(3),
    "lastDeliveredAt" TIMESTAMP(3),
    "lastError" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrackingSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" SERIAL NOT NULL,
    "trackingSetId" INTEGER NOT NULL,
    "eventIds" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "firstEventTime" TIMESTAMP(3) NOT NULL,
    "lastEventTime" TIMESTAMP(3) NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retriedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistoricalDelivery" (
    "id" SERIAL NOT NULL,
    "trackingSetId" INTEGER NOT NULL,
    "fromTime" TIMESTAMP(3) NOT NULL,
    "toTime" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "HistoricalDelivery_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Alarm" ADD CONSTRAINT "Alarm_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AlarmPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmEvent" ADD CONSTRAINT "AlarmEvent_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmMatch" ADD CONSTRAINT "AlarmMatch_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "AlarmPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_trackingSetId_fkey" FOREIGN KEY ("trackingSetId") REFERENCES "TrackingSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoricalDelivery" ADD CONSTRAINT "HistoricalDelivery_trackingSetId_fkey" FOREIGN KEY ("trackingSetId") REFERENCES "TrackingSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;
