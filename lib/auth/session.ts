// Who is asking, checked against the database on every request (a JWT alone could outlive a deleted user or a
// changed role). Pages, server actions and route handlers call these themselves; the proxy is only a
// convenience redirect.
import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getDatabase } from "@/lib/db/client";
import { touchSession } from "./console-sessions";
import { auth } from "./index";
import { canOpen, isConsoleRole, type ConsoleRole, type SectionKey } from "./roles";

export interface ConsoleUser {
  id: number;
  userName: string;
  principalId: string;
  displayName: string;
  userType: string;
  role: ConsoleRole;
  accountDbId: number;
  accountId: string;
  accountName: string;
  /** The server-side session this request belongs to (lib/auth/console-sessions.ts). */
  sessionId: string;
  /** An administrator asked for a new password, or the policy's maximum age passed: only /account/password opens. */
  mustChangePassword: boolean;
}

export const currentUser = cache(async (): Promise<ConsoleUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await getDatabase().db.user.findUnique({ where: { id }, include: { account: true } });
  if (!user || user.deletedAt || !user.consoleAccess || !isConsoleRole(user.consoleRole)) return null;
  // Signed out, ended by a password change, or idle for too long: the token alone is not enough.
  const sessionId = session?.user?.sessionId;
  if (!sessionId || !(await touchSession(getDatabase(), sessionId, user.id))) return null;
  return {
    id: user.id,
    userName: user.userName,
    principalId: user.principalId,
    displayName: user.displayName,
    userType: user.userType,
    role: user.consoleRole,
    accountDbId: user.accountId,
    accountId: user.account.accountId,
    accountName: user.account.name,
    sessionId,
    mustChangePassword: user.mustChangePassword,
  };
});

/** The signed-in user, or a redirect to the sign-in page (or to /account/password when they must change it). */
export async function requireUser(): Promise<ConsoleUser> {
  const user = await requireUserAllowingPasswordChange();
  if (user.mustChangePassword) redirect("/account/password");
  return user;
}

/** The signed-in user even while they must change their password: for /account/password itself. */
export async function requireUserAllowingPasswordChange(): Promise<ConsoleUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** The signed-in user if their role may open this section; otherwise 403. */
export async function requireSection(key: SectionKey): Promise<ConsoleUser> {
  const user = await requireUser();
  if (!canOpen(user.role, key)) forbidden();
  return user;
}
