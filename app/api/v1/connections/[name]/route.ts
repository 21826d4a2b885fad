// One connection by name: GET its state, PATCH {"paused":true|false} or its JSON, DELETE it (lib/api).
import { handleDeleteConnection, handleGetConnection, handlePatchConnection } from "@/lib/api/connections-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

export async function GET(request: Request, { params }: Params) {
  const { name } = await params;
  return handleGetConnection(request, getDatabase(), name, { sessionUser: await sessionFor(request) });
}

export async function PATCH(request: Request, { params }: Params) {
  const { name } = await params;
  return handlePatchConnection(request, getDatabase(), name, { sessionUser: await sessionFor(request) });
}

export async function DELETE(request: Request, { params }: Params) {
  const { name } = await params;
  return handleDeleteConnection(request, getDatabase(), name, { sessionUser: await sessionFor(request) });
}
