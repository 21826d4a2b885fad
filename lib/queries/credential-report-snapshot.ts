// Takes the credential report's snapshot of an account: every user (recycle bin excluded, every user type) with
// their two oldest AccessKeys that are not deleted, the inventory's "may be at risk" per key, and each user's
// abnormal console sign-ins (lib/domain/credential-report/abnormal-logins.ts). A fixed handful of queries
// whatever the directory's size (no query per user): the users, their keys, the key flags (from the AccessKey
// usage rollups, lib/queries/key-flags.ts) and the console sign-ins of the rule's bounded history, read through
// the (accountId, eventType, eventTime) index. Works the same on SQLite and PostgreSQL; ordering is done here, in
// code-unit order, so both give the same bytes.
import type { Database } from "@/lib/db/client";
import { abnormalLogins } from "@/lib/domain/credential-report/abnormal-logins";
import type { ReportKey, ReportSnapshot, ReportUser } from "@/lib/domain/credential-report/snapshot";
import { keyFlags } from "@/lib/queries/key-flags";
import { signinAttemptsByUser } from "./signin-history";

/** The report's two AccessKey columns: a user's oldest two keys that are not deleted. */
export const REPORT_KEYS_PER_USER = 2;
/** Up to this many keys in the account, key flags are computed for the report's keys only; above, for the whole
 *  inventory. */
export const FLAGS_BY_ID_MAX_KEYS = 200;

export interface SnapshotOptions {
  /** The password policy's rotation period, when there is one (Keytrail keeps no password policy yet). */
  passwordRotationDays?: number | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const byName = (a: { userName: string; userType: string }, b: { userName: string; userType: string }) =>
  a.userType === "Root" && b.userType !== "Root"
    ? -1
    : b.userType === "Root" && a.userType !== "Root"
      ? 1
      : a.userName < b.userName
        ? -1
        : a.userName > b.userName
          ? 1
          : 0;

export async function takeReportSnapshot(
  database: Database,
  accountDbId: number,
  now: Date,
  options: SnapshotOptions = {},
): Promise<ReportSnapshot> {
  const { db } = database;
  // Many keys: the whole inventory's flags in one pass, read alongside the rest (in parallel on PostgreSQL); the
  // per-key IN lists of thousands would exceed the bind-parameter limit (999 on SQLite) and cost more than the
  // pass. A few keys: just theirs and their owners' (indexed look-ups), once the report's keys are known.
  const keyCount = await db.accessKey.count({
    where: { deletedAt: null, user: { accountId: accountDbId, deletedAt: null } },
  });
  const [account, users, keys, attemptsOf, allFlags] = await Promise.all([
    db.account.findUniqueOrThrow({ where: { id: accountDbId }, select: { accountId: true, name: true } }),
    db.user.findMany({
      where: { accountId: accountDbId, deletedAt: null },
      select: {
        id: true,
        userName: true,
        userType: true,
        createdAt: true,
        passwordHash: true,
        passwordChangedAt: true,
        passwordLastUsedAt: true,
        consoleAccess: true,
        loginProtection: true,
        operationProtection: true,
        mfaEnabled: true,
      },
    }),
    db.accessKey.findMany({
      where: { deletedAt: null, user: { accountId: accountDbId, deletedAt: null } },
      select: {
        accessKeyId: true,
        userId: true,
        createdAt: true,
        status: true,
        lastUsedAt: true,
        lastUsedService: true,
        lastUsedRegion: true,
      },
      // Oldest first, ties broken by insertion order, so the two columns never swap between snapshots.
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    signinAttemptsByUser(database, accountDbId, now),
    keyCount > FLAGS_BY_ID_MAX_KEYS ? keyFlags(database, now) : null,
  ]);

  // The oldest two per user.
  const keysOf = new Map<number, typeof keys>();
  for (const key of keys) {
    const list = keysOf.get(key.userId);
    if (!list) keysOf.set(key.userId, [key]);
    else if (list.length < REPORT_KEYS_PER_USER) list.push(key);
  }
  const flags =
    allFlags ??
    (await keyFlags(
      database,
      now,
      [...keysOf.values()].flat().map((k) => k.accessKeyId),
    ));

  users.sort(byName);
  const reportUsers: ReportUser[] = users.map((u) => {
    const attempts = attemptsOf.get(u.id);
    return {
      userName: u.userName,
      userType: u.userType,
      createdAt: u.createdAt.toISOString(),
      passwordEnabled: u.passwordHash !== null,
      passwordChangedAt: iso(u.passwordChangedAt),
      passwordLastUsedAt: iso(u.passwordLastUsedAt),
      consoleAccess: u.consoleAccess,
      loginProtection: u.loginProtection,
      operationProtection: u.operationProtection,
      mfaEnabled: u.mfaEnabled,
      abnormalLogins30d: attempts ? abnormalLogins(attempts, now).total : 0,
      accessKeys: (keysOf.get(u.id) ?? []).map((k): ReportKey => ({
        accessKeyId: k.accessKeyId,
        createdAt: k.createdAt.toISOString(),
        status: k.status === "Active" ? "Active" : "Disabled",
        lastUsedAt: iso(k.lastUsedAt),
        lastUsedService: k.lastUsedService,
        lastUsedRegion: k.lastUsedRegion,
        atRisk: flags.get(k.accessKeyId)?.flags.includes("atRisk") ?? false,
      })),
    };
  });

  return {
    accountId: account.accountId,
    accountName: account.name,
    generatedAt: now.toISOString(),
    passwordRotationDays: options.passwordRotationDays ?? null,
    users: reportUsers,
  };
}
