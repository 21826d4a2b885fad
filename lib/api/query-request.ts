// GET /api/v1/events: operation records for scripts, with the explorer's filters as query parameters. The
// caller is a console session or a request signed with an AccessKey (SigV4, service keytrail); either way it
// sees what its user's console role may see (a team lead: their team). Reading is itself recorded. Who may call
// is the route door's question (./route-door.ts).
import type { Database } from "@/lib/db/client";
import { consoleEvent, actorOf } from "@/lib/domain/console-event";
import { EVENT_FILTER_PARAMS, eventFilterParams } from "@/lib/domain/event-filter";
import { parseSearchParams } from "@/lib/domain/search-params";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { eventToJson } from "@/lib/queries/event-json";
import { listEvents } from "@/lib/queries/events";
import { userScopeOf } from "@/lib/queries/scope";
import { errorResponse, openDoor, type ConsoleCaller, type DoorOptions } from "./route-door";

export const MAX_QUERY_LIMIT = 1000;
const DEFAULT_QUERY_LIMIT = 100;

/** The caller of a read API, as the route door found it. */
export type Viewer = ConsoleCaller;
export { errorResponse };

export type QueryRequestOptions = Omit<DoorOptions, "body">;

const QUERY_RULE = { permission: "operationRecords", callers: "either" } as const;

export async function handleQueryRequest(
  request: Request,
  database: Database,
  options: QueryRequestOptions = {},
): Promise<Response> {
  const door = await openDoor(request, database, QUERY_RULE, options);
  if (!door.ok) return door.response;
  const viewer = door.caller;

  const params = new URL(request.url).searchParams;
  // The explorer's view parameters (event, utc, columns) are unknown here too.
  const parsed = parseSearchParams(
    eventFilterParams({ now: options.now ?? new Date(), maxLimit: MAX_QUERY_LIMIT, defaultLimit: DEFAULT_QUERY_LIMIT }),
    params,
    { allow: EVENT_FILTER_PARAMS },
  );
  if (!parsed.ok) return errorResponse(400, parsed.message, parsed.param);

  const scope = await userScopeOf(database, viewer);
  const page = await listEvents(database, parsed.value, scope);
  await recordConsoleEvent(
    (base) =>
      consoleEvent({
        ...base,
        eventName: "LookupEvents",
        eventType: "ApiCall",
        readOnly: true,
        accountId: viewer.accountId,
        actor: actorOf(viewer),
        meta: requestMetaFrom(request.headers),
        accessKeyId: viewer.accessKeyId ?? null, // a signed call is a use of its key
        requestParameters: { query: params.toString(), returned: page.events.length },
      }),
    database,
  );
  return Response.json({ events: page.events.map(eventToJson), nextCursor: page.nextCursor });
}
