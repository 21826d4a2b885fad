// The changes the command line and the API make to connections, with one JSON answer for both: find the
// connection by name, call the service (./manage-connections.ts), record the change or its refusal as an event
// (./connection-audit.ts). Answers never carry a secret, except a push secret in the answer that made it.
import type { Database } from "@/lib/db/client";
import { parseBackfillFrom } from "@/lib/domain/connections/backfill-from";
import { recordConnectionOperation, withoutSecrets, type ConnectionAuditor } from "./connection-audit";
import {
  connectionStatus,
  createConnection,
  findConnectionByName,
  removeConnection,
  rotatePushSecret,
  setConnectionPaused,
  startBackfill,
  updateConnection,
  type ConnectionView,
  type PushAddress,
} from "./manage-connections";

export type ConnectionCommand =
  | { op: "add"; input: unknown }
  | { op: "update"; name: string; input: unknown }
  | { op: "pause" | "resume"; name: string }
  | { op: "remove"; name: string }
  | { op: "backfill"; name: string; from: unknown }
  | { op: "rotateSecret"; name: string };

export type CommandAnswer =
  | { ok: true; status: 200 | 201; body: Record<string, unknown> }
  | { ok: false; status: 400 | 404 | 409; error: string; parameter?: string };

/** The field an error names ("name: ...", "from: ..."), for the API's `parameter`. */
export function parameterOf(error: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9.]*): /.exec(error)?.[1];
}

/** A push secret in an answer: the one place it is ever shown. */
const withSecret = (view: ConnectionView, push: PushAddress) => ({ ...view, push: { ...view.push, ...push } });

export async function runConnectionCommand(
  database: Database,
  who: ConnectionAuditor,
  command: ConnectionCommand,
  options: { baseUrl?: string; now?: Date } = {},
): Promise<CommandAnswer> {
  const now = options.now ?? new Date();
  const name = command.op === "add" ? nameIn(command.input) : command.name;
  const requestParameters = requestParametersOf(command);
  const refuse = async (status: 400 | 404 | 409, error: string): Promise<CommandAnswer> => {
    await recordConnectionOperation(database, who, command.op, {
      name,
      requestParameters,
      errorCode: status === 404 ? "NoSuchConnection" : status === 409 ? "Conflict" : "InvalidParameter",
      errorMessage: error,
    });
    const parameter = parameterOf(error);
    return { ok: false, status, error, ...(parameter ? { parameter } : {}) };
  };
  const succeed = async (
    body: Record<string, unknown>,
    responseElements: Record<string, unknown>,
    status: 200 | 201 = 200,
  ): Promise<CommandAnswer> => {
    await recordConnectionOperation(database, who, command.op, { name, requestParameters, responseElements });
    return { ok: true, status, body };
  };
  const view = async (id: number) => (await connectionStatus(database, id, now, options))!;

  if (command.op === "add") {
    const created = await createConnection(database, command.input, { baseUrl: options.baseUrl, now });
    if (!created.ok) return refuse(/already exists/.test(created.error) ? 409 : 400, created.error);
    const shown = await view(created.id);
    return succeed(created.push ? withSecret(shown, created.push) : { ...shown }, { id: created.id }, 201);
  }

  const found = await findConnectionByName(database, command.name);
  if (!found) return refuse(404, `No connection named "${command.name}"`);
  switch (command.op) {
    case "update": {
      const updated = await updateConnection(database, found.id, command.input);
      if (!updated.ok) return refuse(/already exists/.test(updated.error) ? 409 : 400, updated.error);
      return succeed({ ...(await view(found.id)) }, { id: found.id, name: updated.name });
    }
    case "pause":
    case "resume": {
      const changed = await setConnectionPaused(database, found.id, command.op === "pause");
      if (!changed.ok) return refuse(404, changed.error);
      return succeed({ ...(await view(found.id)) }, { id: found.id, paused: changed.paused });
    }
    case "remove": {
      const removed = await removeConnection(database, found.id);
      if (!removed.ok) return refuse(404, removed.error);
      return succeed({ name: removed.name, removed: true }, { id: found.id, removed: true });
    }
    case "backfill": {
      const from = parseBackfillFrom(command.from);
      if (!from.ok) return refuse(400, from.error);
      const started = await startBackfill(database, found.id, from.from, now);
      if (!started.ok) return refuse(/already running/.test(started.error) ? 409 : 400, started.error);
      return succeed({ ...(await view(found.id)) }, { id: found.id, from: started.backfill.from });
    }
    case "rotateSecret": {
      const rotated = await rotatePushSecret(database, found.id, options);
      if (!rotated.ok) return refuse(400, rotated.error);
      return succeed(
        { name: rotated.name, url: rotated.url, header: rotated.header, secret: rotated.secret },
        { id: found.id, rotated: true },
      );
    }
  }
}

function nameIn(input: unknown): string | null {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name.trim().slice(0, 64) : null;
}

function requestParametersOf(command: ConnectionCommand): Record<string, unknown> {
  switch (command.op) {
    case "add":
      return withoutSecrets(command.input) ?? {};
    case "update":
      return { name: command.name, connection: withoutSecrets(command.input) };
    case "backfill":
      return { name: command.name, from: typeof command.from === "string" ? command.from.slice(0, 64) : null };
    default:
      return { name: command.name };
  }
}
