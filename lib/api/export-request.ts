// GET /api/v1/events/export?format=csv|jsonl&<filters>: the current filtered result, streamed, for a signed-in
// console user within their scope (a team lead exports only their team). Recorded as an ExportEvents event.
import type { Database } from "@/lib/db/client";
import { consoleEvent, actorOf } from "@/lib/domain/console-event";
import { eventFilterParams } from "@/lib/domain/event-filter";
import { parseSearchParams } from "@/lib/domain/search-params";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { exportEventsStream, type ExportFormat } from "@/lib/export/export-events";
import { userScopeOf } from "@/lib/queries/scope";
import { errorResponse, openDoor, type DoorOptions } from "./route-door";

const EXPORT_RULE = { permission: "operationRecords", callers: "session" } as const;

export async function handleExportRequest(
  request: Request,
  database: Database,
  options: Omit<DoorOptions, "body"> = {},
): Promise<Response> {
  const door = await openDoor(request, database, EXPORT_RULE, options);
  if (!door.ok) return door.response;
  const user = door.caller;
  const params = new URL(request.url).searchParams;
  const format = (params.get("format") ?? "csv") as ExportFormat;
  if (format !== "csv" && format !== "jsonl") return errorResponse(400, "format: must be csv or jsonl", "format");
  params.delete("format");
  for (const viewOnly of ["limit", "cursor"]) params.delete(viewOnly);
  const now = options.now ?? new Date();
  const parsed = parseSearchParams(eventFilterParams({ now }), params);
  if (!parsed.ok) return errorResponse(400, parsed.message, parsed.param);

  const scope = await userScopeOf(database, user);
  const meta = requestMetaFrom(request.headers);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const body = exportEventsStream(database, parsed.value, scope, format, async (rows) => {
    await recordConsoleEvent(
      (base) =>
        consoleEvent({
          ...base,
          eventName: "ExportEvents",
          readOnly: true,
          accountId: user.accountId,
          actor: actorOf(user),
          meta,
          requestParameters: { format, filter: params.toString(), rows },
        }),
      database,
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
