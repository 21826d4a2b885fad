-- CreateTable
CREATE TABLE "ConnectionDigest" (
    "id" SERIAL NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "digestStartTime" TIMESTAMP(3),
    "digestEndTime" TIMESTAMP(3),
    "logFiles" INTEGER NOT NULL DEFAULT 0,
    "problem" TEXT,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionDigest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionDigestEntry" (
    "id" SERIAL NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "logKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "digestKey" TEXT NOT NULL,
    "digestEndTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectionDigestEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConnectionDigest_connectionId_key_key" ON "ConnectionDigest"("connectionId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectionDigestEntry_connectionId_logKey_key" ON "ConnectionDigestEntry"("connectionId", "logKey");

-- AddForeignKey
ALTER TABLE "ConnectionDigest" ADD CONSTRAINT "ConnectionDigest_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionDigestEntry" ADD CONSTRAINT "ConnectionDigestEntry_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
