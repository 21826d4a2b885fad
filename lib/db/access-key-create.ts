// An administrator creates an AccessKey for a user (CreateAccessKey). A user has at most two keys that are not
// deleted; a third is refused with a message and a failed event. The secret is returned to the caller once and
// stored only AES-256-GCM encrypted: it is never in an event, a log line or a later page.
import type { RequestMeta } from "@/lib/domain/console-event";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { MAX_ACCESS_KEYS_PER_USER, isPurged, newAccessKeyId, newAccessKeySecret } from "@/lib/domain/directory-admin";
import type { Database } from "./client";
import { keyResource, recordDirectoryChange, refuseNonAdministrator, userResource, type ChangeResult, type DirectoryActor } from "./directory-events";

export const KEY_LIMIT_MESSAGE = (userName: string) =>
  `${userName} already has ${MAX_ACCESS_KEYS_PER_USER} AccessKeys, the most a user may have: delete one before creating another.`;

export async function createAccessKey(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
  key: Buffer,
  now = new Date(),
): Promise<ChangeResult<{ accessKeyId: string; secret: string }>> {
  const { db } = database;
  const change = { eventName: "CreateAccessKey", sensitive: true, resources: [userResource(userName)], requestParameters: { UserName: userName } };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await db.user.findUnique({ where: { userName } });
  if (!user || user.accountId !== actor.accountDbId || isPurged(user)) return { ok: false, error: `User ${userName} was not found.` };
  if (user.deletedAt) return { ok: false, error: `User ${userName} is in the recycle bin: restore it first.` };
  if (user.userType === "MessageReceiver") return { ok: false, error: "A message receiver cannot have AccessKeys." };

  const live = { userId: user.id, deletedAt: null };
  const refuseLimit = async () => {
    await recordDirectoryChange(database, actor, meta, { ...change, error: { code: "LimitExceeded.AccessKey", message: `The user already has ${MAX_ACCESS_KEYS_PER_USER} AccessKeys` } });
    return { ok: false as const, error: KEY_LIMIT_MESSAGE(userName) };
  };
  if ((await db.accessKey.count({ where: live })) >= MAX_ACCESS_KEYS_PER_USER) return refuseLimit();

  const accessKeyId = newAccessKeyId();
  const secret = newAccessKeySecret();
  const created = await db.accessKey.create({ data: { accessKeyId, userId: user.id, secretEncrypted: encryptSecret(secret, key), status: "Active", createdAt: now } });
  // Two simultaneous creations could both pass the count: check again and withdraw this one if it is over the limit
  // (the row never left the server, so nothing could have used it).
  const ids = await db.accessKey.findMany({ where: live, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (ids.findIndex((k) => k.id === created.id) >= MAX_ACCESS_KEYS_PER_USER) {
    await db.accessKey.delete({ where: { id: created.id } });
    return refuseLimit();
  }
  await recordDirectoryChange(database, actor, meta, {
    ...change,
    resources: [userResource(userName), keyResource(accessKeyId)],
    responseElements: { AccessKey: { AccessKeyId: accessKeyId, Status: "Active", CreateDate: now.toISOString() } },
  });
  return { ok: true, message: `AccessKey ${accessKeyId} was created for ${userName}.`, accessKeyId, secret };
}
