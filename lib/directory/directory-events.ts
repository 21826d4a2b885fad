// The audit event of one administrative change to the directory (users, groups, AccessKeys), shared by the
// *-changes modules. Request parameters name what changed; a password or secret never goes in.
import type { ConsoleUser } from "@/lib/auth/session";
import { actorOf, consoleEvent, type RequestMeta } from "@/lib/domain/console-event";
import type { EventResource } from "@/lib/domain/event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import type { Database } from "@/lib/db/client";

export type DirectoryActor = Pick<
  ConsoleUser,
  "id" | "role" | "userName" | "principalId" | "userType" | "accountId" | "accountDbId"
>;

export type ChangeRefusal = { ok: false; error: string; fieldErrors?: Record<string, string> };
export type ChangeResult<T extends object = object> = ({ ok: true; message: string } & T) | ChangeRefusal;

export interface DirectoryChange {
  eventName: string;
  resources: EventResource[];
  requestParameters: Record<string, unknown>;
  responseElements?: Record<string, unknown> | null;
  sensitive?: boolean;
  error?: { code: string; message: string } | null;
}

export async function recordDirectoryChange(
  database: Database,
  actor: DirectoryActor,
  meta: RequestMeta,
  change: DirectoryChange,
): Promise<void> {
  await recordConsoleEvent(
    (base) =>
      consoleEvent({
        ...base,
        eventName: change.eventName,
        readOnly: false,
        sensitive: change.sensitive ?? false,
        accountId: actor.accountId,
        actor: actorOf(actor),
        meta,
        resources: change.resources,
        requestParameters: change.requestParameters,
        responseElements: change.responseElements ?? null,
        errorCode: change.error?.code ?? null,
        errorMessage: change.error?.message ?? null,
      }),
    database,
  );
}

/** Checked in every change, not only in the actions: whatever calls it, only an administrator changes the directory. */
export async function refuseNonAdministrator(
  database: Database,
  actor: DirectoryActor,
  meta: RequestMeta,
  change: Omit<DirectoryChange, "error">,
): Promise<ChangeRefusal | null> {
  if (actor.role === "Administrator") return null;
  await recordDirectoryChange(database, actor, meta, {
    ...change,
    error: { code: "NoPermission", message: "Only administrators may change users, groups and AccessKeys" },
  });
  return { ok: false, error: "Only administrators may change users, groups and AccessKeys." };
}

export const userResource = (userName: string): EventResource => ({ type: "ACS::RAM::User", name: userName });
export const groupResource = (groupName: string): EventResource => ({ type: "ACS::RAM::Group", name: groupName });
export const keyResource = (accessKeyId: string): EventResource => ({ type: "ACS::RAM::AccessKey", name: accessKeyId });
