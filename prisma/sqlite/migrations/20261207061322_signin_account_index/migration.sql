-- CreateIndex
CREATE INDEX "Event_accountId_eventType_eventTime_idx" ON "Event"("accountId", "eventType", "eventTime");
