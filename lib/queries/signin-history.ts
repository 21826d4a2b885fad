// Console sign-ins per user over the history the abnormal sign-in rule reads (lib/domain/credential-report/
// abnormal-logins.ts): one indexed range read, shared by the credential report and the Overview.
import type { Database } from "@/lib/db/client";
import {
  SIGNIN_EVENT_NAMES,
  SIGNIN_HISTORY_DAYS,
  type SigninAttempt,
} from "@/lib/domain/credential-report/abnormal-logins";
import { TRUSTED_ORIGINS } from "@/lib/domain/trusted-origins";
import type { UserScope } from "./scope";
import { DAY_MS } from "@/lib/domain/time";

/** The console sign-ins of one account's users, by user id. A sign-in is recorded in the account signed in to,
 *  the account of the user it is attributed to, so the read goes through the (accountId, eventType, eventTime)
 *  index and never touches other accounts' sign-ins: at 10M events, half a million of them. Events a client sent
 *  through the ingest API are read past, not counted (lib/domain/trusted-origins.ts). */
export async function signinAttemptsByUser(
  { db }: Database,
  accountDbId: number,
  now: Date,
  scope: UserScope = null,
): Promise<Map<number, SigninAttempt[]>> {
  const { accountId } = await db.account.findUniqueOrThrow({ where: { id: accountDbId }, select: { accountId: true } });
  const events = await db.event.findMany({
    where: {
      accountId,
      eventType: "ConsoleSignin",
      eventTime: { gt: new Date(now.getTime() - SIGNIN_HISTORY_DAYS * DAY_MS), lte: now },
      eventName: { in: SIGNIN_EVENT_NAMES },
      // Never a client's claim (ingest API): only the console's own sign-ins and imported cloud trails.
      origin: { in: [...TRUSTED_ORIGINS] },
      userId: scope ? { in: scope } : { not: null },
    },
    select: { userId: true, eventId: true, eventTime: true, sourceIpAddress: true, errorCode: true },
  });
  const byUser = new Map<number, SigninAttempt[]>();
  for (const e of events) {
    if (e.userId === null) continue;
    const attempt = {
      time: e.eventTime,
      sourceIp: e.sourceIpAddress,
      success: e.errorCode === null,
      eventId: e.eventId,
    };
    const list = byUser.get(e.userId);
    if (list) list.push(attempt);
    else byUser.set(e.userId, [attempt]);
  }
  return byUser;
}
