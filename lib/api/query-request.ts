// GET /api/v1/events: operation records for scripts, with the explorer's filters as query parameters. The
// caller is a console session or a request signed with an AccessKey (SigV4, service keytrail); either way it
// sees what its user's console role may see (a team lead: their team). Reading is itself recorded.
import type { ConsoleUser } from "@/lib/auth/session";
import { isConsoleRole } from "@/lib/auth/roles";
import type { Env } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { consoleEvent, actorOf } from "@/lib/domain/console-event";
import { parseEventFilter, VIEW_PARAMS } from "@/lib/domain/event-filter";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { eventToJson } from "@/lib/queries/event-json";
import { listEvents } from "@/lib/queries/events";
import { userScopeOf } from "@/lib/queries/scope";
import { verifySignature } from "./verify-signature";

export const MAX_QUERY_LIMIT = 1000;
const DEFAULT_QUERY_LIMIT = 100;

export type Viewer = Pick<ConsoleUser, "id" | "role" | "userName" | "principalId" | "userType" | "accountId"> & { accessKeyId?: string };

export const errorResponse = (status: number, error: string, parameter?: string) =>
  Response.json(parameter ? { error, parameter } : { error }, { status });

async function signedViewer(database: Database, request: Request, options: QueryRequestOptions): Promise<Viewer | Response> {
  const verified = await verifySignature(
    database,
    { method: request.method, url: request.url, headers: request.headers, body: new Uint8Array() },
    { now: options.now, env: options.env, encryptionKey: options.encryptionKey },
  );
  if (!verified.ok) return errorResponse(verified.status, verified.error);
  const owner = await database.db.user.findUnique({
    where: { userName: verified.key.userName },
    select: { id: true, consoleRole: true, userName: true, principalId: true, userType: true },
  });
  if (!owner || !isConsoleRole(owner.consoleRole)) {
    return errorResponse(403, "The AccessKey's owner has no console role, so it may not use the read APIs");
  }
  return { ...owner, role: owner.consoleRole, accountId: verified.key.accountId, accessKeyId: verified.key.accessKeyId };
}

export interface QueryRequestOptions {
  /** The console session's user, when the request carries one (and no signature). */
  sessionUser?: Viewer | null;
  now?: Date;
  env?: Env;
  encryptionKey?: Buffer;
}

/** Who is calling a read API: the signer of a signed request, else the console session; a Response refuses. */
export async function apiViewer(request: Request, database: Database, options: QueryRequestOptions): Promise<Viewer | Response> {
  const signed = request.headers.has("authorization");
  const viewer = signed ? await signedViewer(database, request, options) : (options.sessionUser ?? null);
  return viewer ?? errorResponse(401, "Sign in to the console, or sign the request with an AccessKey (SigV4, service keytrail)");
}

export async function handleQueryRequest(request: Request, database: Database, options: QueryRequestOptions = {}): Promise<Response> {
  const viewer = await apiViewer(request, database, options);
  if (viewer instanceof Response) return viewer;

  const params = new URL(request.url).searchParams;
  for (const key of params.keys()) {
    if ((VIEW_PARAMS as readonly string[]).includes(key)) return errorResponse(400, `${key}: unknown parameter`, key);
  }
  const parsed = parseEventFilter(params, { now: options.now ?? new Date(), maxLimit: MAX_QUERY_LIMIT, defaultLimit: DEFAULT_QUERY_LIMIT });
  if (!parsed.ok) return errorResponse(400, parsed.message, parsed.param);

  const scope = await userScopeOf(database, viewer);
  const page = await listEvents(database, parsed.filter, scope);
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
