// One pass at every start (lib/setup/prepare.ts): secrets still stored as "v1" (no associated data) are re-encrypted
// as "v2", bound to their row. Each row is rewritten only if it still holds the value read, so a concurrent write
// (always v2) is never overwritten. Cheap when there is nothing to do: one filtered read of each of four small tables.
import type { Database } from "@/lib/db/client";
import { decryptSecret, encryptSecret, isLegacySecret, secretContext } from "./secret-box";

export interface UpgradeCount {
  accessKeys: number;
  users: number;
  trackingSets: number;
  alarmPolicies: number;
}

const LEGACY = { startsWith: "v1:" };

export async function upgradeSecrets(database: Database, key: Buffer): Promise<UpgradeCount> {
  const { db } = database;
  const count: UpgradeCount = { accessKeys: 0, users: 0, trackingSets: 0, alarmPolicies: 0 };
  const reseal = (stored: string, context: string) =>
    isLegacySecret(stored) ? encryptSecret(decryptSecret(stored, key, context), key, context) : null;

  for (const row of await db.accessKey.findMany({
    where: { secretEncrypted: LEGACY },
    select: { id: true, accessKeyId: true, secretEncrypted: true },
  })) {
    const sealed = reseal(row.secretEncrypted, secretContext.accessKey(row.accessKeyId));
    if (sealed)
      count.accessKeys += (
        await db.accessKey.updateMany({
          where: { id: row.id, secretEncrypted: row.secretEncrypted },
          data: { secretEncrypted: sealed },
        })
      ).count;
  }
  for (const row of await db.user.findMany({ where: { mfaSecret: LEGACY }, select: { id: true, mfaSecret: true } })) {
    const sealed = reseal(row.mfaSecret!, secretContext.userMfa(row.id));
    if (sealed)
      count.users += (
        await db.user.updateMany({ where: { id: row.id, mfaSecret: row.mfaSecret }, data: { mfaSecret: sealed } })
      ).count;
  }
  for (const row of await db.trackingSet.findMany({
    where: { secretEncrypted: LEGACY },
    select: { id: true, secretEncrypted: true },
  })) {
    const sealed = reseal(row.secretEncrypted!, secretContext.trackingSet(row.id));
    if (sealed)
      count.trackingSets += (
        await db.trackingSet.updateMany({
          where: { id: row.id, secretEncrypted: row.secretEncrypted },
          data: { secretEncrypted: sealed },
        })
      ).count;
  }
  for (const row of await db.alarmPolicy.findMany({
    where: { webhookSecretEncrypted: LEGACY },
    select: { id: true, webhookSecretEncrypted: true },
  })) {
    const sealed = reseal(row.webhookSecretEncrypted!, secretContext.alarmWebhook(row.id));
    if (sealed) {
      count.alarmPolicies += (
        await db.alarmPolicy.updateMany({
          where: { id: row.id, webhookSecretEncrypted: row.webhookSecretEncrypted },
          data: { webhookSecretEncrypted: sealed },
        })
      ).count;
    }
  }
  return count;
}
