// POST {"from":"2026-11-01"}: read a connection's older objects or pages, apart from its live position (lib/api).
import { handleBackfillConnection } from "@/lib/api/connections-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return handleBackfillConnection(request, getDatabase(), name, { sessionUser: await sessionFor(request) });
}
