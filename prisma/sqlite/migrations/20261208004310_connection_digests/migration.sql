-- CreateTable
CREATE TABLE "ConnectionDigest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "connectionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "digestStartTime" DATETIME,
    "digestEndTime" DATETIME,
    "logFiles" INTEGER NOT NULL DEFAULT 0,
    "problem" TEXT,
    "readAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConnectionDigest_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConnectionDigestEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "connectionId" INTEGER NOT NULL,
    "logKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "digestKey" TEXT NOT NULL,
    "digestEndTime" DATETIME NOT NULL,
    CONSTRAINT "ConnectionDigestEntry_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ConnectionDigest_connectionId_key_key" ON "ConnectionDigest"("connectionId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectionDigestEntry_connectionId_logKey_key" ON "ConnectionDigestEntry"("connectionId", "logKey");
