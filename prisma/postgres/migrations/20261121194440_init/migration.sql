-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "userName" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "userType" TEXT NOT NULL,
    "consoleRole" TEXT,
    "consoleAccess" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT,
    "passwordChangedAt" TIMESTAMP(3),
    "passwordLastUsedAt" TIMESTAMP(3),
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "mfaSecret" TEXT,
    "mfaEnabled" BOOLEAN NOT NULL DEFAULT false,
    "mfaBoundAt" TIMESTAMP(3),
    "loginProtection" BOOLEAN NOT NULL DEFAULT false,
    "operationProtection" BOOLEAN NOT NULL DEFAULT false,
    "failedSignins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "groupId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupMembership_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" SERIAL NOT NULL,
    "accessKeyId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedService" TEXT,
    "lastUsedRegion" TEXT,
    "lastUsedIp" TEXT,

    CONSTRAINT "AccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventTime" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "origin" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "eventSource" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "readOnly" BOOLEAN,
    "sensitive" BOOLEAN NOT NULL DEFAULT false,
    "accountId" TEXT,
    "identityType" TEXT,
    "principalId" TEXT,
    "userName" TEXT,
    "accessKeyId" TEXT,
    "mfaUsed" BOOLEAN,
    "roleName" TEXT,
    "sourceIpAddress" TEXT,
    "userAgent" TEXT,
    "region" TEXT,
    "resources" TEXT NOT NULL DEFAULT '[]',
    "requestId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "requestParameters" TEXT,
    "responseElements" TEXT,
    "raw" TEXT NOT NULL,
    "userId" INTEGER,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "CredentialReport" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'tencent',
    "state" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "content" TEXT,

    CONSTRAINT "CredentialReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_accountId_key" ON "Account"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "User_userName_key" ON "User"("userName");

-- CreateIndex
CREATE UNIQUE INDEX "User_principalId_key" ON "User"("principalId");

-- CreateIndex
CREATE INDEX "User_accountId_deletedAt_idx" ON "User"("accountId", "deletedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Group_accountId_name_key" ON "Group"("accountId", "name");

-- CreateIndex
CREATE INDEX "GroupMembership_userId_idx" ON "GroupMembership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessKey_accessKeyId_key" ON "AccessKey"("accessKeyId");

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_eventId_key" ON "Event"("eventId");

-- CreateIndex
CREATE INDEX "Event_eventTime_eventId_idx" ON "Event"("eventTime", "eventId");

-- CreateIndex
CREATE INDEX "Event_userId_eventTime_eventId_idx" ON "Event"("userId", "eventTime", "eventId");

-- CreateIndex
CREATE INDEX "Event_userName_eventTime_eventId_idx" ON "Event"("userName", "eventTime", "eventId");

-- CreateIndex
CREATE INDEX "Event_accessKeyId_eventTime_eventId_idx" ON "Event"("accessKeyId", "eventTime", "eventId");

-- CreateIndex
CREATE INDEX "Event_eventName_eventTime_eventId_idx" ON "Event"("eventName", "eventTime", "eventId");

-- CreateIndex
CREATE INDEX "Event_sourceIpAddress_eventTime_eventId_idx" ON "Event"("sourceIpAddress", "eventTime", "eventId");

-- CreateIndex
CREATE INDEX "Event_service_eventTime_eventId_idx" ON "Event"("service", "eventTime", "eventId");

-- CreateIndex
CREATE INDEX "CredentialReport_accountId_format_generatedAt_idx" ON "CredentialReport"("accountId", "format", "generatedAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMembership" ADD CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMembership" ADD CONSTRAINT "GroupMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialReport" ADD CONSTRAINT "CredentialReport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
