// Who may upload log files, decided through the route door (lib/api/route-door.ts) from the session alone, before
// the route reads a byte of the body. A signed-in user who may not import is refused and recorded as ImportEvents.
import { errorResponse, openDoor, type ConsoleCaller } from "@/lib/api/route-door";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";
import { recordUserOperation } from "@/lib/events/record-user-operation";

export type UploadAccess = { ok: true; user: ConsoleCaller } | { ok: false; response: Response };

const ONLY_ADMINISTRATORS = "Only administrators may import log files.";

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

export async function importUploadAccess(request: Request): Promise<UploadAccess> {
  if (crossOrigin(request.headers))
    return { ok: false, response: errorResponse(403, "Uploads are accepted from the console's own pages only.") };
  const database = getDatabase();
  const door = await openDoor(
    request,
    database,
    { permission: "importLogs", callers: "session", forbidden: ONLY_ADMINISTRATORS },
    { sessionUser: await sessionFor(request) },
  );
  if (door.ok) return { ok: true, user: door.caller };
  // A 403 names a signed-in user (a wrong role, or a password to change first): recorded. Nobody else is named, so
  // an unauthenticated request writes nothing into the audit log.
  if (door.status === 403) {
    const session = await sessionFor(request);
    const user =
      session &&
      (await database.db.user.findUnique({
        where: { id: session.id },
        include: { account: { select: { accountId: true } } },
      }));
    if (user) {
      await recordUserOperation(
        {
          accountId: user.account.accountId,
          userName: user.userName,
          principalId: user.principalId,
          userType: user.userType,
        },
        {
          eventName: "ImportEvents",
          readOnly: false,
          errorCode: user.mustChangePassword ? "PasswordChangeRequired" : "AccessDenied",
          errorMessage: door.error,
        },
      );
    }
  }
  return { ok: false, response: door.response };
}
