// Demo mode: fill an empty database with the deterministic Demo Corp data set (lib/domain/demo). Events go
// through ingestEvents, the same path real events take, so AccessKey last-used fields and user attribution
// come out exactly as they would in production.
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { hashPassword } from "@/lib/auth/password";
import { buildDemoDirectory, demoEvents, DEMO_COUNTS, type DemoAccessKey, type DemoDirectory } from "@/lib/domain/demo";
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";

export interface SeedSummary {
  users: number;
  groups: number;
  accessKeys: number;
  events: number;
}

/** The one demo key allowed to send events: the team lead's first active key, which the browser tests sign
 *  their ingest calls with (e2e/ingest.ts). Every other demo key is refused by POST /api/v1/events. */
export function demoIngestKey(directory: Pick<DemoDirectory, "accessKeys">): DemoAccessKey | undefined {
  return directory.accessKeys.find((key) => key.userName === "lead" && key.status === "Active");
}

export async function isDatabaseEmpty({ db }: Database): Promise<boolean> {
  return (await db.account.count()) === 0;
}

export async function seedDemoData(
  database: Database,
  options: { now?: Date; events?: number; encryptionKey: Buffer; onProgress?: (events: number) => void },
): Promise<SeedSummary> {
  const { db } = database;
  const now = options.now ?? new Date();
  const directory = buildDemoDirectory(now);

  const account = await db.account.create({ data: directory.account });
  const userIds = new Map<string, number>();
  // Users sharing a password share its hash: the seed stays fast without weakening anything real.
  const hashes = new Map<string, Promise<string>>();
  for (const user of directory.users) {
    if (user.password && !hashes.has(user.password)) hashes.set(user.password, hashPassword(user.password));
  }
  for (const user of directory.users) {
    const created = await db.user.create({
      data: {
        accountId: account.id,
        userName: user.userName,
        principalId: user.principalId,
        displayName: user.displayName,
        email: user.email,
        userType: user.userType,
        consoleRole: user.consoleRole,
        consoleAccess: user.consoleAccess,
        passwordHash: user.password ? await hashes.get(user.password)! : null,
        passwordChangedAt: user.passwordChangedAt,
        mfaEnabled: user.mfaEnabled,
        mfaBoundAt: user.mfaEnabled ? user.createdAt : null,
        loginProtection: user.loginProtection,
        operationProtection: user.operationProtection,
        createdAt: user.createdAt,
      },
    });
    userIds.set(user.userName, created.id);
  }

  for (const group of directory.groups) {
    await db.group.create({
      data: {
        accountId: account.id,
        name: group.name,
        description: group.description,
        memberships: {
          create: group.members.map((userName) => ({
            userId: userIds.get(userName)!,
            isLead: group.leads.includes(userName),
          })),
        },
      },
    });
  }

  const ingestKey = demoIngestKey(directory)?.accessKeyId;
  await db.accessKey.createMany({
    data: directory.accessKeys.map((key) => ({
      mayIngest: key.accessKeyId === ingestKey,
      accessKeyId: key.accessKeyId,
      userId: userIds.get(key.userName)!,
      secretEncrypted: encryptSecret(key.secret, options.encryptionKey, secretContext.accessKey(key.accessKeyId)),
      status: key.status,
      createdAt: key.createdAt,
      disabledAt: key.disabledAt,
    })),
  });

  let events = 0;
  for (const batch of demoEvents(directory, now, { count: options.events ?? DEMO_COUNTS.events, batchSize: 5000 })) {
    events += (await ingestEvents(database, batch)).inserted;
    options.onProgress?.(events);
  }
  return {
    users: directory.users.length,
    groups: directory.groups.length,
    accessKeys: directory.accessKeys.length,
    events,
  };
}
