// The signed-in user's unread message count, polled by the header's Message center link.
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { unreadMessageCount } from "@/lib/queries/messages";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET() {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  return Response.json({ unread: await unreadMessageCount(getDatabase(), user.id) }, { headers: { "Cache-Control": "no-store" } });
}
