// An administrator disables, enables or deletes an AccessKey: the change and its audit event (UpdateAccessKey,
// DeleteAccessKey). Kept apart from the server action so tests drive it without a request; the action adds the
// session and the request meta. Deleting keeps the row: the key's history stays auditable, and
// lib/api/verify-signature.ts refuses a deleted key.
import { z } from "zod";
import type { ConsoleUser } from "@/lib/auth/session";
import { consoleEvent, type RequestMeta, actorOf } from "@/lib/domain/console-event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import type { Database } from "@/lib/db/client";

export const KEY_OPERATIONS = ["disable", "enable", "delete"] as const;
export type KeyOperation = (typeof KEY_OPERATIONS)[number];

export const keyChangeInput = z.object({
  accessKeyId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "not a valid AccessKey ID"),
  operation: z.enum(KEY_OPERATIONS),
});
export type KeyChangeInput = z.infer<typeof keyChangeInput>;

export type KeyChangeResult = { ok: true; message: string } | { ok: false; error: string };

export type KeyActor = Pick<
  ConsoleUser,
  "role" | "userName" | "principalId" | "userType" | "accountId" | "accountDbId"
>;

const PAST: Record<KeyOperation, string> = { disable: "disabled", enable: "enabled", delete: "deleted" };

export async function changeAccessKey(
  database: Database,
  actor: KeyActor,
  input: KeyChangeInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<KeyChangeResult> {
  const { db } = database;
  const { accessKeyId, operation } = input;
  const key = await db.accessKey.findUnique({
    where: { accessKeyId },
    select: { accessKeyId: true, status: true, deletedAt: true, user: { select: { userName: true, accountId: true } } },
  });
  const eventName = operation === "delete" ? "DeleteAccessKey" : "UpdateAccessKey";
  const status = operation === "enable" ? "Active" : "Disabled";
  const record = (error: { code: string; message: string } | null, userName: string | null) =>
    recordConsoleEvent(
      (base) =>
        consoleEvent({
          ...base,
          eventName,
          readOnly: false,
          sensitive: operation === "delete",
          accountId: actor.accountId,
          actor: actorOf(actor),
          meta,
          resources: [{ type: "ACS::RAM::AccessKey", name: accessKeyId }],
          requestParameters:
            operation === "delete"
              ? { UserName: userName, AccessKeyId: accessKeyId }
              : { UserName: userName, AccessKeyId: accessKeyId, Status: status },
          errorCode: error?.code ?? null,
          errorMessage: error?.message ?? null,
        }),
      database,
    );

  // Checked here too, not only in the action: whatever calls this, only an administrator changes keys.
  if (actor.role !== "Administrator") {
    await record(
      { code: "NoPermission", message: "Only administrators may change AccessKeys" },
      key?.user.userName ?? null,
    );
    return { ok: false, error: "Only administrators may disable, enable or delete AccessKeys." };
  }
  if (!key || key.user.accountId !== actor.accountDbId)
    return { ok: false, error: `AccessKey ${accessKeyId} was not found.` };
  if (key.deletedAt)
    return { ok: false, error: `AccessKey ${accessKeyId} has been deleted; it can no longer be changed.` };
  if (operation !== "delete" && key.status === status)
    return { ok: false, error: `AccessKey ${accessKeyId} is already ${status}.` };

  // Conditional on the state just read, so two administrators clicking at once record one change, not two.
  const where = { accessKeyId, deletedAt: null, status: key.status };
  const data =
    operation === "delete"
      ? { deletedAt: now, status: "Disabled", disabledAt: key.status === "Disabled" ? undefined : now }
      : operation === "disable"
        ? { status, disabledAt: now }
        : { status, disabledAt: null };
  const { count } = await db.accessKey.updateMany({ where, data });
  if (count !== 1)
    return { ok: false, error: `AccessKey ${accessKeyId} changed meanwhile; reload the page and try again.` };
  await record(null, key.user.userName);
  return { ok: true, message: `AccessKey ${accessKeyId} of ${key.user.userName} was ${PAST[operation]}.` };
}
