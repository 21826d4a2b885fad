// An administrator allows or forbids one AccessKey to send events (POST /api/v1/events), recorded as an
// UpdateAccessKeyIngestPermission event, refusals included. Any key can sign; only keys allowed here may write
// into the record, because ingested events feed what the console shows and decides.
import type { RequestMeta } from "@/lib/domain/console-event";
import type { Database } from "@/lib/db/client";
import {
  keyResource,
  recordDirectoryChange,
  refuseNonAdministrator,
  type ChangeResult,
  type DirectoryActor,
} from "@/lib/directory/directory-events";

export const INGEST_PERMISSION_EVENT = "UpdateAccessKeyIngestPermission";

export async function setAccessKeyIngest(
  database: Database,
  actor: DirectoryActor,
  accessKeyId: string,
  allowed: boolean,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const { db } = database;
  const change = {
    eventName: INGEST_PERMISSION_EVENT,
    sensitive: true,
    resources: [keyResource(accessKeyId)],
    requestParameters: { AccessKeyId: accessKeyId, MayIngest: allowed },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const refuse = async (code: string, message: string) => {
    await recordDirectoryChange(database, actor, meta, { ...change, error: { code, message } });
    return { ok: false as const, error: `${message}.` };
  };
  const key = await db.accessKey.findUnique({
    where: { accessKeyId },
    select: { id: true, deletedAt: true, mayIngest: true, user: { select: { userName: true, accountId: true } } },
  });
  // Another account's key answers as an unknown one does.
  if (!key || key.user.accountId !== actor.accountDbId)
    return refuse("EntityNotExist.AccessKey", `AccessKey ${accessKeyId} was not found`);
  if (key.deletedAt) return refuse("EntityNotExist.AccessKey", `AccessKey ${accessKeyId} is deleted`);
  await db.accessKey.update({ where: { id: key.id }, data: { mayIngest: allowed } });
  await recordDirectoryChange(database, actor, meta, {
    ...change,
    requestParameters: { ...change.requestParameters, UserName: key.user.userName },
    responseElements: { AccessKeyId: accessKeyId, MayIngest: allowed, Previously: key.mayIngest },
  });
  const verb = allowed ? "may now send events" : "may no longer send events";
  return { ok: true, message: `AccessKey ${accessKeyId} ${verb}.` };
}
