// GET /api/v1/events/export?format=csv|jsonl&<filters>: the current filtered result, streamed, for a signed-in
// console user within their scope (a team lead exports only their team). Recorded as an ExportEvents event.
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { consoleEvent, actorOf } from "@/lib/domain/console-event";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { exportEventsStream, type ExportFormat } from "@/lib/export/export-events";
import { userScopeOf } from "@/lib/queries/scope";

export const dynamic = "force-dynamic";

const json = (status: number, error: string) => Response.json({ error }, { status });

export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return json(401, "Sign in to export operation records");
  const params = new URL(request.url).searchParams;
  const format = (params.get("format") ?? "csv") as ExportFormat;
  if (format !== "csv" && format !== "jsonl") return json(400, "format: must be csv or jsonl");
  params.delete("format");
  for (const viewOnly of ["limit", "cursor"]) params.delete(viewOnly);
  const parsed = parseEventFilter(params, { now: new Date(), allowUnknown: true });
  if (!parsed.ok) return json(400, parsed.message);

  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const meta = requestMetaFrom(request.headers);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const body = exportEventsStream(database, parsed.filter, scope, format, async (rows) => {
    await recordConsoleEvent((base) =>
      consoleEvent({
        ...base,
        eventName: "ExportEvents",
        readOnly: true,
        accountId: user.accountId,
        actor: actorOf(user),
        meta,
        requestParameters: { format, filter: params.toString(), rows },
      }),
    );
  });
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="operation-records-${stamp}.${format === "csv" ? "csv" : "jsonl"}"`,
      "Cache-Control": "no-store",
    },
  });
}
