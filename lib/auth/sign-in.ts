// Checking a console sign-in: user name + password against the argon2id hash, then the user's standing
// (not deleted, console access, a console role). Every attempt, good or bad, is recorded as a ConsoleSignin
// event. The caller learns only "signed in" or "refused": never whether the user name exists.
import type { Database } from "@/lib/db/client";
import { consoleSigninEvent, type RequestMeta, type SigninOutcome } from "@/lib/domain/console-event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { verifyPassword } from "./password";
import { isConsoleRole, type ConsoleRole } from "./roles";

export interface SignedInUser {
  id: number;
  userName: string;
  displayName: string;
  role: ConsoleRole;
}

export type SignInResult = { ok: true; user: SignedInUser } | { ok: false; reason: "InvalidCredentials" | "NoConsoleAccess" };

const MAX_FIELD = 256;

export async function checkSignIn(
  database: Database,
  input: { userName: string; password: string },
  meta: RequestMeta,
): Promise<SignInResult> {
  const userName = input.userName.trim().slice(0, MAX_FIELD);
  const password = input.password.slice(0, MAX_FIELD);
  const user = userName
    ? await database.db.user.findUnique({ where: { userName }, include: { account: true } })
    : null;
  const live = user && !user.deletedAt ? user : null;
  // Always verify (against a dummy hash if need be): equal time whether or not the user exists.
  const passwordOk = await verifyPassword(live?.passwordHash ?? null, password);

  let result: SignInResult;
  if (!live || !passwordOk || !live.consoleAccess) result = { ok: false, reason: "InvalidCredentials" };
  else if (!isConsoleRole(live.consoleRole)) result = { ok: false, reason: "NoConsoleAccess" };
  else
    result = {
      ok: true,
      user: { id: live.id, userName: live.userName, displayName: live.displayName, role: live.consoleRole },
    };

  const outcome: SigninOutcome = result.ok
    ? { ok: true }
    : result.reason === "NoConsoleAccess"
      ? { ok: false, errorCode: "NoConsoleAccess", errorMessage: "The user has no Keytrail console role." }
      : { ok: false, errorCode: "InvalidCredentials", errorMessage: "Incorrect user name or password." };
  await recordConsoleEvent(
    (base) =>
      consoleSigninEvent(
        {
          ...base,
          accountId: live?.account.accountId ?? null,
          actor: {
            userName: userName || null,
            principalId: live?.principalId ?? null,
            userType: live?.userType ?? null,
            mfaUsed: live ? false : null,
          },
          meta,
        },
        outcome,
      ),
    database,
  );
  if (result.ok) await database.db.user.update({ where: { id: result.user.id }, data: { passwordLastUsedAt: new Date() } });
  return result;
}
