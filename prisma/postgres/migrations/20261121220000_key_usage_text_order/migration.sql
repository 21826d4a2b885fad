-- The "<ISO time> <eventId>" marks are compared with max()/GREATEST and ">" to find the newest event. Byte order
-- (collation "C") makes PostgreSQL agree with SQLite and JavaScript whatever the database's locale.
ALTER TABLE "AccessKeyUsage" ALTER COLUMN "lastSeen" TYPE TEXT COLLATE "C";
ALTER TABLE "AccessKeyUsage" ALTER COLUMN "lastUsed" TYPE TEXT COLLATE "C";
ALTER TABLE "AccessKeyUsageDaily" ALTER COLUMN "lastSeen" TYPE TEXT COLLATE "C";
