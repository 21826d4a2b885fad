-- CreateTable
CREATE TABLE "Account" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "userName" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "userType" TEXT NOT NULL,
    "consoleRole" TEXT,
    "consoleAccess" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT,
    "passwordChangedAt" DATETIME,
    "passwordLastUsedAt" DATETIME,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "mfaSecret" TEXT,
    "mfaEnabled" BOOLEAN NOT NULL DEFAULT false,
    "mfaBoundAt" DATETIME,
    "loginProtection" BOOLEAN NOT NULL DEFAULT false,
    "operationProtection" BOOLEAN NOT NULL DEFAULT false,
    "failedSignins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Group" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Group_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "groupId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("groupId", "userId"),
    CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accessKeyId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" DATETIME,
    "lastUsedAt" DATETIME,
    "lastUsedService" TEXT,
    "lastUsedRegion" TEXT,
    "lastUsedIp" TEXT,
    CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "eventTime" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "userId" INTEGER
);

-- CreateTable
CREATE TABLE "CredentialReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'tencent',
    "state" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "content" TEXT,
    CONSTRAINT "CredentialReport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
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
