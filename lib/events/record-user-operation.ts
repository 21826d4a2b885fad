// Record what the signed-in user just did in the console (pages and server actions), with the request's source
// IP and user agent: reading the audit log and changing the directory are themselves audited.
import { headers } from "next/headers";
import type { ConsoleUser } from "@/lib/auth/session";
import { actorOf, consoleEvent, type ConsoleEventInput } from "@/lib/domain/console-event";
import { recordConsoleEvent } from "./record-console-event";
import { requestMetaFrom } from "./request-meta";

export type UserOperation = Omit<ConsoleEventInput, "eventId" | "eventTime" | "accountId" | "actor" | "meta">;

export async function recordUserOperation(
  user: Pick<ConsoleUser, "accountId" | "userName" | "principalId" | "userType">,
  operation: UserOperation,
) {
  const meta = requestMetaFrom(await headers());
  await recordConsoleEvent((base) =>
    consoleEvent({ ...base, ...operation, accountId: user.accountId, actor: actorOf(user), meta }),
  );
}
