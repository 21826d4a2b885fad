// The connections API as plain functions over Web Request/Response (testable without Next): list and add
// (/api/v1/connections), read, pause or resume or edit, and remove one (/api/v1/connections/{name}), backfill it
// and rotate a push secret. Administrators' sessions and signed AccessKeys both; auditors may read. Every change
// is recorded as an event (lib/connections/connection-commands.ts). Answers are the command line's `--json`
// shapes and never carry a secret, except a push secret in the answer that made it.
import type { Database } from "@/lib/db/client";
import { actorOf } from "@/lib/domain/console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import type { ConnectionAuditor } from "@/lib/connections/connection-audit";
import { runConnectionCommand, type ConnectionCommand } from "@/lib/connections/connection-commands";
import {
  connectionStatus,
  findConnectionByName,
  listConnections,
  publicBaseUrl,
} from "@/lib/connections/manage-connections";
import { readBody } from "./ingest-request";
import { errorResponse, openDoor, type ConsoleCaller, type DoorOptions } from "./route-door";

/** A connection's JSON is small: anything larger is refused before it is parsed. */
export const MAX_CONNECTION_BODY_BYTES = 64 * 1024;

const READ_RULE = {
  permission: "readConnections",
  callers: "either",
  forbidden: "Only administrators and auditors may see the connections",
} as const;
const MANAGE_RULE = {
  permission: "manageConnections",
  callers: "either",
  forbidden: "Only administrators may change the connections",
} as const;

export type ConnectionRequestOptions = Omit<DoorOptions, "body">;

/** The base of push URLs in answers: KEYTRAIL_PUBLIC_URL, else the address the caller used. */
function baseUrlOf(request: Request): string {
  return process.env.KEYTRAIL_PUBLIC_URL?.trim() ? publicBaseUrl() : new URL(request.url).origin;
}

/** A connection's name as its URL segment carries it (a space as %20). */
export function nameFromPath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function auditorOf(request: Request, caller: ConsoleCaller): ConnectionAuditor {
  return {
    accountId: caller.accountId,
    actor: actorOf(caller),
    meta: requestMetaFrom(request.headers),
    accessKeyId: caller.accessKeyId ?? null,
    eventType: caller.key ? "ApiCall" : "ConsoleOperation",
  };
}

type Read = { ok: true; caller: ConsoleCaller; json: unknown } | { ok: false; response: Response };

/** The body (capped), then the door (a signature covers the body), then its type and JSON. */
async function readChange(
  request: Request,
  database: Database,
  options: ConnectionRequestOptions,
  { needsJson }: { needsJson: boolean },
): Promise<Read> {
  const body = await readBody(request, MAX_CONNECTION_BODY_BYTES);
  if (!body)
    return { ok: false, response: errorResponse(413, "Body larger than 64 KB: a connection's JSON is smaller") };
  const door = await openDoor(request, database, MANAGE_RULE, { ...options, body });
  if (!door.ok) return { ok: false, response: door.response };
  if (needsJson) {
    const mediaType = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
    if (mediaType !== "application/json")
      return { ok: false, response: errorResponse(415, "Content-Type must be application/json") };
  }
  if (!needsJson) return { ok: true, caller: door.caller, json: null };
  try {
    return { ok: true, caller: door.caller, json: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) };
  } catch (error) {
    return {
      ok: false,
      response: errorResponse(400, `Body is not valid JSON: ${error instanceof Error ? error.message : "unreadable"}`),
    };
  }
}

async function change(
  request: Request,
  database: Database,
  options: ConnectionRequestOptions,
  command: (json: unknown) => ConnectionCommand | Response,
  needsJson: boolean,
): Promise<Response> {
  const read = await readChange(request, database, options, { needsJson });
  if (!read.ok) return read.response;
  const made = command(read.json);
  if (made instanceof Response) return made;
  const answer = await runConnectionCommand(database, auditorOf(request, read.caller), made, {
    baseUrl: baseUrlOf(request),
    now: options.now,
  });
  if (!answer.ok) return errorResponse(answer.status, answer.error, answer.parameter);
  return Response.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}

/** GET /api/v1/connections */
export async function handleListConnections(
  request: Request,
  database: Database,
  options: ConnectionRequestOptions = {},
) {
  const door = await openDoor(request, database, READ_RULE, options);
  if (!door.ok) return door.response;
  const connections = await listConnections(database, options.now, { baseUrl: baseUrlOf(request) });
  return Response.json({ connections }, { headers: { "Cache-Control": "no-store" } });
}

/** GET /api/v1/connections/{name} */
export async function handleGetConnection(
  request: Request,
  database: Database,
  name: string,
  options: ConnectionRequestOptions = {},
) {
  const door = await openDoor(request, database, READ_RULE, options);
  if (!door.ok) return door.response;
  const found = await findConnectionByName(database, nameFromPath(name));
  const view = found && (await connectionStatus(database, found.id, options.now, { baseUrl: baseUrlOf(request) }));
  if (!view) return errorResponse(404, `No connection named "${nameFromPath(name)}"`);
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}

/** POST /api/v1/connections: the connection's JSON (as `npm run connections -- add --json`). */
export function handleAddConnection(request: Request, database: Database, options: ConnectionRequestOptions = {}) {
  return change(request, database, options, (input) => ({ op: "add", input }), true);
}

/** PATCH /api/v1/connections/{name}: `{"paused": true|false}`, or the connection's JSON to edit it. */
export function handlePatchConnection(
  request: Request,
  database: Database,
  name: string,
  options: ConnectionRequestOptions = {},
) {
  return change(
    request,
    database,
    options,
    (input) => {
      const fields = typeof input === "object" && input !== null && !Array.isArray(input) ? Object.keys(input) : [];
      if (fields.length === 1 && fields[0] === "paused") {
        const paused = (input as { paused: unknown }).paused;
        if (typeof paused !== "boolean") return errorResponse(400, "paused: true or false", "paused");
        return { op: paused ? "pause" : "resume", name: nameFromPath(name) };
      }
      return { op: "update", name: nameFromPath(name), input };
    },
    true,
  );
}

/** DELETE /api/v1/connections/{name}: the events it imported stay. */
export function handleDeleteConnection(
  request: Request,
  database: Database,
  name: string,
  options: ConnectionRequestOptions = {},
) {
  return change(request, database, options, () => ({ op: "remove", name: nameFromPath(name) }), false);
}

/** POST /api/v1/connections/{name}/backfill `{"from":"2026-11-01"}` */
export function handleBackfillConnection(
  request: Request,
  database: Database,
  name: string,
  options: ConnectionRequestOptions = {},
) {
  return change(
    request,
    database,
    options,
    (input) => {
      const fields = typeof input === "object" && input !== null && !Array.isArray(input) ? Object.keys(input) : [];
      const unknown = fields.find((field) => field !== "from");
      if (unknown) return errorResponse(400, `${unknown}: unknown field (give only "from")`, unknown);
      return { op: "backfill", name: nameFromPath(name), from: (input as { from?: unknown } | null)?.from };
    },
    true,
  );
}

/** POST /api/v1/connections/{name}/rotate-secret: a push receiver's new secret, answered this once. */
export function handleRotateSecret(
  request: Request,
  database: Database,
  name: string,
  options: ConnectionRequestOptions = {},
) {
  return change(request, database, options, () => ({ op: "rotateSecret", name: nameFromPath(name) }), false);
}
