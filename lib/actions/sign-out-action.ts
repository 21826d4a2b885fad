"use server";
import { headers } from "next/headers";
import { signOut } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { consoleSignoutEvent } from "@/lib/domain/console-event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";

export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  if (user) {
    const meta = requestMetaFrom(await headers());
    await recordConsoleEvent((base) =>
      consoleSignoutEvent({
        ...base,
        accountId: user.accountId,
        actor: { userName: user.userName, principalId: user.principalId, userType: user.userType, mfaUsed: null },
        meta,
      }),
    );
  }
  await signOut({ redirectTo: "/login" });
}
