// Every change to a connection, from the command line or the API, recorded as one of the console's own events
// (service keytrail), refusals included. What the caller sent is recorded without its secrets.
import type { Database } from "@/lib/db/client";
import { consoleEvent, type ConsoleActor, type RequestMeta } from "@/lib/domain/console-event";
import type { EventType } from "@/lib/domain/event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";

export const CONNECTION_EVENTS = {
  add: "CreateConnection",
  update: "UpdateConnection",
  pause: "PauseConnection",
  resume: "ResumeConnection",
  remove: "DeleteConnection",
  backfill: "StartConnectionBackfill",
  rotateSecret: "RotateConnectionSecret",
} as const;
export type ConnectionOperation = keyof typeof CONNECTION_EVENTS;

/** Fields never written into an event, whatever the caller sent. */
const SECRET_KEYS = new Set(["secretAccessKey", "pushSecret", "secret"]);

/** The caller's input as it may be recorded: a given secret shows as "(given)", never as itself. */
export function withoutSecrets(input: unknown): Record<string, unknown> | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).map(([key, value]) =>
      SECRET_KEYS.has(key) ? [key, value ? "(given)" : value] : [key, value],
    ),
  );
}

/** Who made the change, as the event names them. */
export interface ConnectionAuditor {
  accountId: string | null;
  actor: ConsoleActor;
  meta: RequestMeta;
  /** The AccessKey a signed API call was made with. */
  accessKeyId?: string | null;
  eventType?: EventType;
}

/** The command line as the actor: it runs with the server's own access to the database. */
export async function commandLineAuditor({ db }: Database, command: string): Promise<ConnectionAuditor> {
  const account = await db.account.findFirst({ orderBy: { id: "asc" }, select: { accountId: true } });
  return {
    accountId: account?.accountId ?? null,
    actor: { userName: "keytrail-cli", principalId: null, userType: null, mfaUsed: null },
    meta: { sourceIpAddress: null, userAgent: `keytrail connections ${command}` },
    eventType: "ConsoleOperation",
  };
}

export async function recordConnectionOperation(
  database: Database,
  who: ConnectionAuditor,
  operation: ConnectionOperation,
  details: {
    name: string | null;
    requestParameters?: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
    errorCode?: string | null;
    errorMessage?: string | null;
  },
): Promise<void> {
  await recordConsoleEvent(
    (base) =>
      consoleEvent({
        ...base,
        eventName: CONNECTION_EVENTS[operation],
        eventType: who.eventType ?? "ConsoleOperation",
        readOnly: false,
        sensitive: operation === "add" || operation === "update" || operation === "rotateSecret",
        accountId: who.accountId,
        actor: who.actor,
        meta: who.meta,
        accessKeyId: who.accessKeyId ?? null,
        resources: details.name ? [{ type: "Connection", name: details.name }] : [],
        requestParameters: details.requestParameters ?? null,
        responseElements: details.responseElements ?? null,
        errorCode: details.errorCode ?? null,
        errorMessage: details.errorMessage ?? null,
      }),
    database,
  );
}
