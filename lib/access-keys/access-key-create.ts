// An administrator creates an AccessKey for a user (CreateAccessKey). A user has at most two keys that are not
// deleted; a third is refused with a message and a failed event. The secret is returned to the caller once and
// stored only AES-256-GCM encrypted: it is never in an event, a log line or a later page. A key may send events
// (POST /api/v1/events) only when created with `mayIngest`, or allowed later (./access-key-ingest.ts).
import type { RequestMeta } from "@/lib/domain/console-event";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { MAX_ACCESS_KEYS_PER_USER, isPurged, newAccessKeyId, newAccessKeySecret } from "@/lib/domain/directory-admin";
import type { Database } from "@/lib/db/client";
import { sqlIn } from "@/lib/db/sql";
import {
  keyResource,
  recordDirectoryChange,
  refuseNonAdministrator,
  userResource,
  type ChangeResult,
  type DirectoryActor,
} from "@/lib/directory/directory-events";

export const KEY_LIMIT_MESSAGE = (userName: string) =>
  `${userName} already has ${MAX_ACCESS_KEYS_PER_USER} AccessKeys, the most a user may have: delete one before creating another.`;

export async function createAccessKey(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
  key: Buffer,
  now = new Date(),
  options: { mayIngest?: boolean } = {},
): Promise<ChangeResult<{ accessKeyId: string; secret: string }>> {
  const { db } = database;
  const mayIngest = options.mayIngest === true;
  const change = {
    eventName: "CreateAccessKey",
    sensitive: true,
    resources: [userResource(userName)],
    requestParameters: { UserName: userName, MayIngest: mayIngest },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await db.user.findUnique({ where: { userName } });
  if (!user || user.accountId !== actor.accountDbId || isPurged(user))
    return { ok: false, error: `User ${userName} was not found.` };
  if (user.deletedAt) return { ok: false, error: `User ${userName} is in the recycle bin: restore it first.` };
  if (user.userType === "MessageReceiver") return { ok: false, error: "A message receiver cannot have AccessKeys." };

  const refuseLimit = async () => {
    await recordDirectoryChange(database, actor, meta, {
      ...change,
      error: {
        code: "LimitExceeded.AccessKey",
        message: `The user already has ${MAX_ACCESS_KEYS_PER_USER} AccessKeys`,
      },
    });
    return { ok: false as const, error: KEY_LIMIT_MESSAGE(userName) };
  };
  const accessKeyId = newAccessKeyId();
  const secret = newAccessKeySecret();
  const data = {
    accessKeyId,
    userId: user.id,
    secretEncrypted: encryptSecret(secret, key, secretContext.accessKey(accessKeyId)),
    status: "Active",
    createdAt: now,
    mayIngest,
  };
  const created = await insertWithinLimit(database, user.id, data);
  if (!created) return refuseLimit();
  await recordDirectoryChange(database, actor, meta, {
    ...change,
    resources: [userResource(userName), keyResource(accessKeyId)],
    responseElements: {
      AccessKey: { AccessKeyId: accessKeyId, Status: "Active", CreateDate: now.toISOString(), MayIngest: mayIngest },
    },
  });
  return { ok: true, message: `AccessKey ${accessKeyId} was created for ${userName}.`, accessKeyId, secret };
}

type NewKey = {
  accessKeyId: string;
  userId: number;
  secretEncrypted: string;
  status: string;
  createdAt: Date;
  mayIngest: boolean;
};

/** Inserts the key unless the user already has MAX_ACCESS_KEYS_PER_USER live keys, also when creations race. */
async function insertWithinLimit({ db, provider }: Database, userId: number, data: NewKey): Promise<boolean> {
  const live = { userId, deletedAt: null };
  if (provider === "postgresql") {
    // Writing the user's row first holds its lock until commit: simultaneous creations for one user take turns.
    return db.$transaction(async (tx) => {
      await sqlIn(tx, provider).selectFrom("User").select("id").where("id", "=", userId).forUpdate().execute();
      if ((await tx.accessKey.count({ where: live })) >= MAX_ACCESS_KEYS_PER_USER) return false;
      await tx.accessKey.create({ data });
      return true;
    });
  }
  // SQLite: every write of the process is one statement at a time, and a transaction held across awaits would
  // block the ingest connection. Insert, then keep the key only if it is among the first two by insertion order
  // (ids grow in commit order here); a key withdrawn this way never left the server.
  if ((await db.accessKey.count({ where: live })) >= MAX_ACCESS_KEYS_PER_USER) return false;
  const created = await db.accessKey.create({ data, select: { id: true } });
  const first = await db.accessKey.findMany({
    where: live,
    orderBy: { id: "asc" },
    take: MAX_ACCESS_KEYS_PER_USER,
    select: { id: true },
  });
  if (first.some((k) => k.id === created.id)) return true;
  await db.accessKey.delete({ where: { id: created.id } });
  return false;
}
