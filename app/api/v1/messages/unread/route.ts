// The signed-in user's unread message count (lib/api/unread-messages-request.ts, through the route door).
import { sessionFor } from "@/lib/api/route-session";
import { handleUnreadMessagesRequest } from "@/lib/api/unread-messages-request";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleUnreadMessagesRequest(request, getDatabase(), { sessionUser: await sessionFor(request) });
}
