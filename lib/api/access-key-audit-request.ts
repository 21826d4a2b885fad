// GET /api/v1/access-keys/{id}/audit and /api/v1/access-keys/{id}/audit/services/{service}/{events|ips|resources}:
// the AccessKey audit for scripts. Same callers as the other read APIs (console session or SigV4 signature);
// a team lead may audit only their team's keys, and any other key answers 404 exactly as an unknown one does.
// Every lookup is recorded as a GetAccessKeyLastUsed event.
import type { Database } from "@/lib/db/client";
import { AUDIT_API_PARAMS, auditApiParams } from "@/lib/domain/audit-window";
import { consoleEvent, actorOf } from "@/lib/domain/console-event";
import { parseResourceValue, parseSeenMark, type UsageRow } from "@/lib/domain/key-usage";
import { parseSearchParams } from "@/lib/domain/search-params";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { findAuditedKey, keyServices, keyUsageList, type AuditListKind } from "@/lib/queries/access-key-audit";
import { userScopeOf } from "@/lib/queries/scope";
import type { QueryRequestOptions, Viewer } from "./query-request";
import { errorResponse, openDoor } from "./route-door";

const AUDIT_RULE = { permission: "accessKeyAudit", callers: "either" } as const;

export const AUDIT_LISTS: Record<string, AuditListKind> = { events: "event", ips: "ip", resources: "resource" };

export interface AuditPath {
  accessKeyId: string;
  /** Both set for a list; both absent for the key's audit. */
  service?: string;
  list?: string;
}

const lastAccess = (row: UsageRow) => {
  const { time, eventId } = parseSeenMark(row.lastSeen);
  return { lastAccess: time.toISOString(), calls: row.calls, failedCalls: row.failedCalls, lastEventId: eventId };
};

function listItem(kind: AuditListKind, row: UsageRow) {
  if (kind === "event") return { eventName: row.value, ...lastAccess(row) };
  if (kind === "ip") return { sourceIp: row.value, ...lastAccess(row) };
  const { type, name } = parseResourceValue(row.value);
  return { resourceType: type, resourceName: name, ...lastAccess(row) };
}

export async function handleAccessKeyAuditRequest(
  request: Request,
  database: Database,
  path: AuditPath,
  options: QueryRequestOptions = {},
): Promise<Response> {
  const door = await openDoor(request, database, AUDIT_RULE, options);
  if (!door.ok) return door.response;
  const viewer = door.caller;
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const kind =
    path.list === undefined ? null : Object.hasOwn(AUDIT_LISTS, path.list) ? AUDIT_LISTS[path.list] : undefined;
  if (kind === undefined) return errorResponse(404, `No such list "${path.list}": use events, ips or resources`);

  const params = new URL(request.url).searchParams;
  const now = options.now ?? new Date();
  const parsed = parseSearchParams(auditApiParams(now), params, {
    allow: kind ? AUDIT_API_PARAMS.list : AUDIT_API_PARAMS.key,
  });
  if (!parsed.ok) return errorResponse(400, parsed.message, parsed.param);
  const { page, limit, ...window } = parsed.value;

  const scope = await userScopeOf(database, viewer);
  const key = await findAuditedKey(database, path.accessKeyId, scope);
  await recordLookup(database, request, viewer, path, window, options, key !== null);
  if (!key)
    return errorResponse(
      404,
      `No AccessKey ${path.accessKeyId} is known to this console (or it is outside your scope)`,
    );

  if (kind && path.service !== undefined) {
    const result = await keyUsageList(database, key.accessKeyId, path.service, kind, window, {
      number: page,
      size: limit,
    });
    return Response.json({
      accessKeyId: key.accessKeyId,
      service: path.service,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      items: result.rows.map((row) => listItem(kind, row)),
      page: result.page,
      pageCount: result.pageCount,
      total: result.total,
    });
  }
  const services = await keyServices(database, key.accessKeyId, window);
  return Response.json({
    accessKeyId: key.accessKeyId,
    owner: { userName: key.owner.userName, accountId: key.owner.accountId },
    status: key.status,
    createdAt: key.createdAt?.toISOString() ?? null,
    lastUsed: key.lastUsed
      ? {
          time: key.lastUsed.time.toISOString(),
          service: key.lastUsed.service,
          region: key.lastUsed.region,
          sourceIp: key.lastUsed.sourceIp,
        }
      : null,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    services: services.map((row) => {
      const { lastAccess: at, calls, failedCalls } = lastAccess(row);
      return { service: row.value, lastAccess: at, calls, failedCalls };
    }),
  });
}

async function recordLookup(
  database: Database,
  request: Request,
  viewer: Viewer,
  path: AuditPath,
  window: { from: Date; to: Date },
  options: QueryRequestOptions,
  found: boolean,
) {
  await recordConsoleEvent(
    (base) =>
      consoleEvent({
        ...base,
        eventName: "GetAccessKeyLastUsed",
        eventType: "ApiCall",
        readOnly: true,
        accountId: viewer.accountId,
        actor: actorOf(viewer),
        meta: requestMetaFrom(request.headers),
        accessKeyId: viewer.accessKeyId ?? null,
        requestParameters: {
          accessKeyId: path.accessKeyId,
          ...(path.service !== undefined ? { service: path.service, list: path.list } : {}),
          from: window.from.toISOString(),
          to: window.to.toISOString(),
        },
        ...(found
          ? {}
          : {
              errorCode: "EntityNotExist.AccessKey",
              errorMessage: "The AccessKey is unknown or outside the caller's scope.",
            }),
      }),
    database,
  );
}
