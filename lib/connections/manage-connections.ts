// Adding, editing, pausing, backfilling and removing connections, and reading their state: the services the
// command line, the API and the Settings pages share. Input is the one JSON shape (lib/domain/connections/
// settings.ts); secrets are encrypted with the row's own binding once the row exists and are never part of an
// answer, except a push receiver's secret, answered once when it is made (on add and on rotation).
// Callers record each change as an audit event (./connection-audit.ts); these functions only change rows.
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/sqlite/client";
import type { Database } from "@/lib/db/client";
import {
  API_BACKFILL_DAYS,
  MAX_CONNECTIONS,
  parseConnectionInput,
  settingsOf,
  splitSecrets,
  type ConnectionKind,
  type ConnectionSecrets,
  type ConnectionSettings,
} from "@/lib/domain/connections/settings";
import { connectionStateOf, lagSecondsOf, type ConnectionState } from "@/lib/domain/connections/connection-state";
import { DAY_MS, utcDay, utcDayStart } from "@/lib/domain/time";
import { CONNECTION_ERROR_KINDS, type ConnectionErrorKind } from "./connection-error";
import { refusedEndpoint } from "./endpoint-check";
import { encryptedSecrets, loadedFrom } from "./load-connection";
import { parseBackfill, type BackfillState } from "./progress";

/** Where the clouds' event buses deliver: `${PUSH_PATH}/<token>` (app/api/v1/push/[token]/route.ts). */
export const PUSH_PATH = "/api/v1/push";
/** The header a push delivery carries its connection's secret in. */
export const PUSH_SECRET_HEADER = "X-Keytrail-Secret";
/** How many runs and problems a connection's status shows. */
export const RECENT_RUNS = 20;
export const RECENT_PROBLEMS = 20;

export type Failure = { ok: false; error: string };
export type Outcome<T extends object = object> = ({ ok: true } & T) | Failure;

export interface PushAddress {
  url: string;
  header: typeof PUSH_SECRET_HEADER;
  /** Shown once: only its encrypted form is kept. */
  secret: string;
}

export function publicBaseUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env.KEYTRAIL_PUBLIC_URL?.trim() || "http://localhost:3000").replace(/\/+$/, "");
}

/** The URL a push connection's deliveries go to. */
export function pushUrlOf(token: string, baseUrl: string = publicBaseUrl()): string {
  return `${baseUrl.replace(/\/+$/, "")}${PUSH_PATH}/${token}`;
}

const randomToken = () => randomBytes(32).toString("base64url");
const fail = (error: string): Failure => ({ ok: false, error });
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

function endpointProblem(settings: ConnectionSettings): string | null {
  return "endpoint" in settings && settings.endpoint ? refusedEndpoint(settings.endpoint) : null;
}

export async function createConnection(
  database: Database,
  input: unknown,
  options: { baseUrl?: string; now?: Date } = {},
): Promise<Outcome<{ id: number; name: string; push?: PushAddress }>> {
  const { db } = database;
  const parsed = parseConnectionInput(input);
  if (!parsed.ok) return fail(parsed.error);
  const { name, kind, settings, secrets } = splitSecrets(parsed.value);
  const refused = endpointProblem(settings);
  if (refused) return fail(refused);
  if (await db.connection.findUnique({ where: { name }, select: { id: true } }))
    return fail(`name: a connection named "${name}" already exists`);
  if ((await db.connection.count()) >= MAX_CONNECTIONS)
    return fail(`At most ${MAX_CONNECTIONS} connections: remove one you no longer need first`);

  const pushToken = kind === "push" ? randomToken() : null;
  const stored: ConnectionSecrets = kind === "push" ? { pushSecret: randomToken() } : secrets;
  try {
    // The secret box binds the ciphertext to the row's id, so the row exists first; both in one transaction.
    const id = await db.$transaction(async (tx) => {
      const row = await tx.connection.create({
        data: { name, kind, settings: JSON.stringify(settings), pushToken, createdAt: options.now },
        select: { id: true },
      });
      await tx.connection.update({
        where: { id: row.id },
        data: { secretEncrypted: encryptedSecrets(row.id, stored) },
      });
      return row.id;
    });
    return {
      ok: true,
      id,
      name,
      ...(pushToken
        ? {
            push: {
              url: pushUrlOf(pushToken, options.baseUrl),
              header: PUSH_SECRET_HEADER,
              secret: stored.pushSecret!,
            },
          }
        : {}),
    };
  } catch (error) {
    if (isUniqueViolation(error)) return fail(`name: a connection named "${name}" already exists`);
    throw error;
  }
}

/** Edits a connection with the same JSON shape it was added with. Its kind cannot change; a missing or empty
 *  secretAccessKey keeps the stored one. A failing connection runs again at once with its new settings. */
export async function updateConnection(
  database: Database,
  id: number,
  input: unknown,
): Promise<Outcome<{ id: number; name: string }>> {
  const { db } = database;
  const row = await db.connection.findUnique({ where: { id } });
  if (!row) return fail("No such connection: it may have been removed");
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return fail("The connection must be a JSON object");
  const given = input as Record<string, unknown>;
  if (given.kind !== undefined && given.kind !== row.kind)
    return fail(`kind: a connection's kind cannot change (this one is ${row.kind}); add a new connection instead`);
  const current = loadedFrom(row);
  const keepSecret = row.kind !== "push" && (given.secretAccessKey === undefined || given.secretAccessKey === "");
  const parsed = parseConnectionInput({
    ...given,
    kind: row.kind,
    ...(keepSecret ? { secretAccessKey: current.secrets.secretAccessKey } : {}),
  });
  if (!parsed.ok) return fail(parsed.error);
  const { name, settings, secrets } = splitSecrets(parsed.value);
  const refused = endpointProblem(settings);
  if (refused) return fail(refused);
  const clash = await db.connection.findUnique({ where: { name }, select: { id: true } });
  if (clash && clash.id !== id) return fail(`name: a connection named "${name}" already exists`);
  const stored: ConnectionSecrets = row.kind === "push" ? current.secrets : secrets;
  try {
    await db.connection.update({
      where: { id },
      data: {
        name,
        settings: JSON.stringify(settings),
        secretEncrypted: encryptedSecrets(id, stored),
        // A fixed key or endpoint should not wait out the failure's back-off.
        ...(row.lastError ? { lastRunAt: null } : {}),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail(`name: a connection named "${name}" already exists`);
    throw error;
  }
  return { ok: true, id, name };
}

export async function setConnectionPaused(
  { db }: Database,
  id: number,
  paused: boolean,
): Promise<Outcome<{ id: number; name: string; paused: boolean }>> {
  const updated = await db.connection.updateMany({ where: { id }, data: { paused } });
  if (updated.count === 0) return fail("No such connection: it may have been removed");
  const row = await db.connection.findUniqueOrThrow({ where: { id }, select: { name: true } });
  return { ok: true, id, name: row.name, paused };
}

/** Removes the connection with its runs, objects read and problems; the events it imported stay. */
export async function removeConnection({ db }: Database, id: number): Promise<Outcome<{ id: number; name: string }>> {
  const row = await db.connection.findUnique({ where: { id }, select: { name: true } });
  if (!row) return fail("No such connection: it may have been removed");
  await db.connection.deleteMany({ where: { id } });
  return { ok: true, id, name: row.name };
}

/** Starts reading older objects or pages from `from` up to now, apart from the live position. */
export async function startBackfill(
  { db }: Database,
  id: number,
  from: Date,
  now: Date = new Date(),
): Promise<Outcome<{ id: number; name: string; backfill: BackfillState }>> {
  const row = await db.connection.findUnique({ where: { id }, select: { name: true, kind: true, backfill: true } });
  if (!row) return fail("No such connection: it may have been removed");
  if (row.kind === "push")
    return fail("A push receiver has nothing to backfill: only trail bucket and event API connections can backfill");
  if (Number.isNaN(from.getTime())) return fail("from: a date such as 2026-11-01");
  if (from >= now) return fail("from: must be in the past");
  if (row.kind === "api") {
    const earliest = new Date(now.getTime() - API_BACKFILL_DAYS * DAY_MS);
    if (from < earliest)
      return fail(
        `from: the clouds' event look-up APIs keep ${API_BACKFILL_DAYS} days: choose ${utcDay(earliest)} or later (older events are in the trail's bucket)`,
      );
  }
  const running = parseBackfill(row.backfill);
  if (running?.state === "running")
    return fail(
      `A backfill from ${running.from.slice(0, 10)} is already running (${running.done} of ${running.found} done): wait for it to finish`,
    );
  const backfill: BackfillState = {
    from: from.toISOString(),
    to: now.toISOString(),
    state: "running",
    done: 0,
    found: 0,
    position: {},
    startedAt: now.toISOString(),
  };
  await db.connection.update({ where: { id }, data: { backfill: JSON.stringify(backfill) } });
  return { ok: true, id, name: row.name, backfill };
}

/** A new secret for a push connection; its URL stays. The old secret is refused from now on. */
export async function rotatePushSecret(
  { db }: Database,
  id: number,
  options: { baseUrl?: string } = {},
): Promise<Outcome<{ id: number; name: string } & PushAddress>> {
  const row = await db.connection.findUnique({ where: { id }, select: { name: true, kind: true, pushToken: true } });
  if (!row) return fail("No such connection: it may have been removed");
  if (row.kind !== "push" || !row.pushToken)
    return fail("Only a push receiver has a secret to rotate: edit a bucket or API connection to change its key");
  const secret = randomToken();
  await db.connection.update({
    where: { id },
    data: { secretEncrypted: encryptedSecrets(id, { pushSecret: secret }) },
  });
  return {
    ok: true,
    id,
    name: row.name,
    url: pushUrlOf(row.pushToken, options.baseUrl),
    header: PUSH_SECRET_HEADER,
    secret,
  };
}

export async function findConnectionByName(
  { db }: Database,
  name: string,
): Promise<{ id: number; name: string; kind: string } | null> {
  return db.connection.findUnique({ where: { name: name.trim() }, select: { id: true, name: true, kind: true } });
}

export interface ConnectionRunView {
  mode: string;
  startedAt: string;
  finishedAt: string | null;
  ok: boolean;
  error: string | null;
  imported: number;
  duplicates: number;
  rejected: number;
  objectsRead: number;
  pagesRead: number;
}

export interface ConnectionProblemView {
  at: string;
  source: string;
  reason: string;
}

/** A connection as the command line (`status --json`), the API and the Settings pages show it: never a secret. */
export interface ConnectionView {
  id: number;
  name: string;
  kind: ConnectionKind;
  settings: ConnectionSettings;
  state: ConnectionState;
  lastError: string | null;
  /** The kind of the last error, in words ("bad credentials", "no such bucket", ...). */
  lastErrorKind: string | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  lastRunAt: string | null;
  eventsImported: number;
  /** Imported by runs started today (UTC). */
  eventsToday: number;
  duplicates: number;
  rejected: number;
  objectsRead: number;
  pagesRead: number;
  waiting: number;
  newestEventTime: string | null;
  lagSeconds: number | null;
  backfill: {
    from: string;
    to: string;
    state: BackfillState["state"];
    done: number;
    found: number;
    error?: string;
  } | null;
  pushRefused: number;
  /** Push receivers: where the event bus delivers, and the header that carries the secret. */
  push: { path: string; url: string; header: typeof PUSH_SECRET_HEADER } | null;
  createdAt: string;
  runs: ConnectionRunView[];
  problems: ConnectionProblemView[];
}

const iso = (time: Date | null) => (time ? time.toISOString() : null);

export function errorKindInWords(kind: string | null): string | null {
  if (!kind) return null;
  return Object.hasOwn(CONNECTION_ERROR_KINDS, kind) ? CONNECTION_ERROR_KINDS[kind as ConnectionErrorKind] : kind;
}

type ViewRow = Prisma.ConnectionGetPayload<{ include: { runs: true; problems: true } }>;

function viewOf(row: ViewRow, now: Date, baseUrl?: string): ConnectionView {
  const eventsToday = row.eventsTodayOn?.getTime() === utcDayStart(utcDay(now)).getTime() ? row.eventsToday : 0;
  const backfill = parseBackfill(row.backfill);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ConnectionKind,
    settings: settingsOf(row.kind, row.settings),
    state: connectionStateOf(row),
    lastError: row.lastError,
    lastErrorKind: errorKindInWords(row.lastErrorKind),
    failingSince: iso(row.failingSince),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastRunAt: iso(row.lastRunAt),
    eventsImported: row.eventsImported,
    eventsToday,
    duplicates: row.duplicates,
    rejected: row.rejected,
    objectsRead: row.objectsRead,
    pagesRead: row.pagesRead,
    waiting: row.waiting,
    newestEventTime: iso(row.newestEventTime),
    lagSeconds: lagSecondsOf(row.newestEventTime, now),
    backfill: backfill
      ? {
          from: backfill.from,
          to: backfill.to,
          state: backfill.state,
          done: backfill.done,
          found: backfill.found,
          ...(backfill.error ? { error: backfill.error } : {}),
        }
      : null,
    pushRefused: row.pushRefused,
    push:
      row.kind === "push" && row.pushToken
        ? { path: `${PUSH_PATH}/${row.pushToken}`, url: pushUrlOf(row.pushToken, baseUrl), header: PUSH_SECRET_HEADER }
        : null,
    createdAt: row.createdAt.toISOString(),
    runs: row.runs.map((run) => ({
      mode: run.mode,
      startedAt: run.startedAt.toISOString(),
      finishedAt: iso(run.finishedAt),
      ok: run.ok,
      error: run.error,
      imported: run.imported,
      duplicates: run.duplicates,
      rejected: run.rejected,
      objectsRead: run.objectsRead,
      pagesRead: run.pagesRead,
    })),
    problems: row.problems.map((p) => ({ at: p.at.toISOString(), source: p.source, reason: p.reason })),
  };
}

const VIEW_INCLUDE = {
  runs: { orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: RECENT_RUNS },
  problems: { orderBy: [{ at: "desc" }, { id: "desc" }], take: RECENT_PROBLEMS },
} satisfies Prisma.ConnectionInclude;

export async function connectionStatus(
  database: Database,
  id: number,
  now: Date = new Date(),
  options: { baseUrl?: string } = {},
): Promise<ConnectionView | null> {
  const row = await database.db.connection.findUnique({ where: { id }, include: VIEW_INCLUDE });
  if (!row) return null;
  return viewOf(row, now, options.baseUrl);
}

export async function listConnections(
  database: Database,
  now: Date = new Date(),
  options: { baseUrl?: string } = {},
): Promise<ConnectionView[]> {
  const rows = await database.db.connection.findMany({ orderBy: { name: "asc" }, include: VIEW_INCLUDE });
  return rows.map((row) => viewOf(row, now, options.baseUrl));
}
