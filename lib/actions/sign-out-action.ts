"use server";
import { headers } from "next/headers";
import { signOut } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { consoleSignoutEvent, actorOf } from "@/lib/domain/console-event";
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
        actor: actorOf(user),
        meta,
      }),
    );
  }
  await signOut({ redirectTo: "/login" });
}
