// A user of the bench's account and an AccessKey allowed to send events, for the workloads that send events the
// way a client does (freshness, push, load). The account is the loaded events' (the bench loads events only, no
// directory) unless a workload made one already: with --only, the workload that used to make it may not have run.
import { randomBytes } from "node:crypto";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { DEMO_ACCOUNT } from "@/lib/domain/demo";

export interface BenchIngestKey {
  account: { id: number; accountId: string };
  user: { id: number; userName: string };
  key: { id: string; secret: string };
}

export async function createBenchIngestKey(
  { db }: Database,
  options: {
    /** Names the user: bench-<label>-<time>. */
    label: string;
    displayName: string;
    /** The key ID's fixed start; 12 random hex characters follow. */
    keyPrefix: string;
    /** The environment whose encryption key the console that checks the key's signatures uses. */
    env?: Record<string, string | undefined>;
  },
): Promise<BenchIngestKey> {
  const account =
    (await db.account.findFirst({ orderBy: { id: "asc" } })) ??
    (await db.account.create({ data: { ...DEMO_ACCOUNT } }));
  const stamp = Date.now();
  const user = await db.user.create({
    data: {
      accountId: account.id,
      userName: `bench-${options.label}-${stamp}`,
      principalId: `p-bench-${options.label}-${stamp}`,
      displayName: options.displayName,
      userType: "SubUser",
    },
  });
  const key = {
    id: `${options.keyPrefix}${randomBytes(6).toString("hex").toUpperCase()}`,
    secret: randomBytes(15).toString("hex"),
  };
  await db.accessKey.create({
    data: {
      accessKeyId: key.id,
      userId: user.id,
      status: "Active",
      mayIngest: true,
      secretEncrypted: encryptSecret(key.secret, encryptionKey(options.env), secretContext.accessKey(key.id)),
    },
  });
  return { account, user, key };
}
