// GET /api/v1/messages/unread: the signed-in user's unread message count, polled by the header's Message center link.
import type { Database } from "@/lib/db/client";
import { unreadMessageCount } from "@/lib/queries/messages";
import { openDoor, type DoorOptions } from "./route-door";

const UNREAD_RULE = { permission: "messages", callers: "session" } as const;

export async function handleUnreadMessagesRequest(
  request: Request,
  database: Database,
  options: Omit<DoorOptions, "body"> = {},
): Promise<Response> {
  const door = await openDoor(request, database, UNREAD_RULE, options);
  if (!door.ok) return door.response;
  return Response.json(
    { unread: await unreadMessageCount(database, door.caller.id) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
