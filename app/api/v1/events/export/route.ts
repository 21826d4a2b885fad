// GET /api/v1/events/export?format=csv|jsonl&<filters>: the filtered operation records as a file, for a console
// session (lib/api/export-request.ts, through the route door).
import { handleExportRequest } from "@/lib/api/export-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleExportRequest(request, getDatabase(), { sessionUser: await sessionFor(request) });
}
