// Who may upload log files, decided from the session cookie alone, before the route reads a byte of the body.
// One call at the top of the route handler, so it can give way to a shared route-handler check.
import { headers } from "next/headers";
import { canOpen } from "@/lib/auth/roles";
import { currentUser, type ConsoleUser } from "@/lib/auth/session";
import { recordUserOperation } from "@/lib/events/record-user-operation";

export type UploadAccess = { ok: true; user: ConsoleUser } | { ok: false; response: Response };

const refuse = (status: number, error: string): UploadAccess => ({ ok: false, response: Response.json({ error }, { status }) });

/** A request from another site's page: the session cookie would ride along, the Origin header says so. */
function crossOrigin(requestHeaders: Headers): boolean {
  const origin = requestHeaders.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== requestHeaders.get("host");
  } catch {
    return true;
  }
}

export async function importUploadAccess(): Promise<UploadAccess> {
  if (crossOrigin(await headers())) return refuse(403, "Uploads are accepted from the console's own pages only.");
  // currentUser re-reads the user and the server-side session: a disabled, deleted or signed-out user is nobody.
  const user = await currentUser();
  // Nobody to name in an event: an unauthenticated request writes nothing into the audit log.
  if (!user) return refuse(401, "Sign in first.");
  const refusal = user.mustChangePassword
    ? { errorCode: "PasswordChangeRequired", message: "Change your password before importing log files." }
    : !canOpen(user.role, "importLogs")
      ? { errorCode: "AccessDenied", message: "Only administrators may import log files." }
      : null;
  if (!refusal) return { ok: true, user };
  await recordUserOperation(user, { eventName: "ImportEvents", readOnly: false, errorCode: refusal.errorCode, errorMessage: refusal.message });
  return refuse(403, refusal.message);
}
