-- CreateTable
CREATE TABLE "Connection" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "pushToken" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "lastErrorKind" TEXT,
    "failingSince" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "position" TEXT NOT NULL DEFAULT '{}',
    "backfill" TEXT,
    "eventsImported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "pagesRead" INTEGER NOT NULL DEFAULT 0,
    "waiting" INTEGER NOT NULL DEFAULT 0,
    "newestEventTime" TIMESTAMP(3),
    "pushRefused" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionRun" (
    "id" SERIAL NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "ok" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "pagesRead" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ConnectionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionObject" (
    "id" SERIAL NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "etag" TEXT,
    "sha256" TEXT NOT NULL,
    "events" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionObject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionProblem" (
    "id" SERIAL NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "ConnectionProblem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Connection_name_key" ON "Connection"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Connection_pushToken_key" ON "Connection"("pushToken");

-- CreateIndex
CREATE INDEX "ConnectionRun_connectionId_startedAt_idx" ON "ConnectionRun"("connectionId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectionObject_connectionId_key_key" ON "ConnectionObject"("connectionId", "key");

-- CreateIndex
CREATE INDEX "ConnectionProblem_connectionId_at_idx" ON "ConnectionProblem"("connectionId", "at");

-- AddForeignKey
ALTER TABLE "ConnectionRun" ADD CONSTRAINT "ConnectionRun_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionObject" ADD CONSTRAINT "ConnectionObject_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionProblem" ADD CONSTRAINT "ConnectionProblem_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
