// POST: a new secret for a push receiver, answered this once; its URL stays (lib/api).
import { handleRotateSecret } from "@/lib/api/connections-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return handleRotateSecret(request, getDatabase(), name, { sessionUser: await sessionFor(request) });
}
