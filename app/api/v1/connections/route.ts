// GET lists the connections to the clouds, POST adds one (README.md, "Connecting your clouds"). The handlers live
// in lib/api so they are testable without Next; both go through the route door (lib/api/route-door.ts).
import { handleAddConnection, handleListConnections } from "@/lib/api/connections-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleListConnections(request, getDatabase(), { sessionUser: await sessionFor(request) });
}

export async function POST(request: Request) {
  return handleAddConnection(request, getDatabase(), { sessionUser: await sessionFor(request) });
}
