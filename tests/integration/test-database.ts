import { createDatabase, type Database } from "@/lib/db/client";

export function openTestDatabase(): Database {
  return createDatabase(process.env.DATABASE_URL);
}

/** Empty every table, children first, so each test file starts from a known state. */
export async function resetDatabase({ db }: Database): Promise<void> {
  await db.connectionDigestEntry.deleteMany();
  await db.connectionDigest.deleteMany();
  await db.connectionProblem.deleteMany();
  await db.connectionObject.deleteMany();
  await db.connectionRun.deleteMany();
  await db.connection.deleteMany();
  await db.message.deleteMany();
  await db.alarmEvent.deleteMany();
  await db.alarm.deleteMany();
  await db.alarmMatch.deleteMany();
  await db.alarmPolicy.deleteMany();
  await db.deadLetter.deleteMany();
  await db.historicalDelivery.deleteMany();
  await db.trackingSet.deleteMany();
  await db.streamCursor.deleteMany();
  await db.signatureRefusal.deleteMany();
  await db.event.deleteMany();
  await db.chainHead.deleteMany();
  await db.accessKeyUsageDaily.deleteMany();
  await db.accessKeyUsage.deleteMany();
  await db.credentialReport.deleteMany();
  await db.attemptCounter.deleteMany();
  await db.passwordPolicy.deleteMany();
  await db.groupMembership.deleteMany();
  await db.group.deleteMany();
  await db.accessKey.deleteMany();
  await db.user.deleteMany();
  await db.account.deleteMany();
}
