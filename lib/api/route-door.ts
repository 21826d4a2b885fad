// The one door every route handler under app/api/v1 goes through. It tells who is calling (a console session or
// a SigV4 signature, never both: a signed request is judged by its signature alone), reads the caller's user
// fresh from the database, refuses a deleted user, one without console access or without a console role with
// 401 (the README's role table, for sessions and signatures alike), a session that must change its password
// with 403, and a caller without the route's permission with 403. Every refusal is JSON `{ error, parameter? }`.
//
// Permissions are lib/auth/roles.ts's sections or lib/auth/permissions.ts's names, plus "ingest": sending events
// needs an AccessKey an administrator allowed to (AccessKey.mayIngest); its owner needs no console role, as a
// program user has none.
// A signed request is not refused while its owner must change their password: the key is a credential of its
// own, disabled or deleted on its own.
import { can, type Permission as RolePermission } from "@/lib/auth/permissions";
import { canOpen, isConsoleRole, section, type ConsoleRole, type SectionKey } from "@/lib/auth/roles";
import type { Env } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { recordClosedWindowsIfDue } from "./refused-signatures";
import { SIGNATURE_ERRORS, verifySignature, type SigningKey, type VerifyResult } from "./verify-signature";

export type Permission = SectionKey | RolePermission | "ingest";

/** A section's permission (what opens its page), or a permission named directly (readConnections...). */
function allows(role: ConsoleRole, permission: Exclude<Permission, "ingest">): boolean {
  return section(permission as SectionKey)
    ? canOpen(role, permission as SectionKey)
    : can(role, permission as RolePermission);
}

export interface DoorRule {
  permission: Permission;
  /** Who may knock: a console session, a signed request, or either. */
  callers: "session" | "signed" | "either";
  /** The 403 answer to a caller whose role lacks the permission, when the route says it better. */
  forbidden?: string;
}

/** The caller, as read from the database during this request. */
export interface Caller {
  id: number;
  role: ConsoleRole | null;
  userName: string;
  principalId: string;
  userType: string;
  accountId: string;
  accountDbId: number;
  /** Set for a signed request: the key that signed it, as a use of that key. */
  accessKeyId?: string;
  /** The signing key and its owner, for a signed request. */
  key: SigningKey | null;
  /** The region the request was signed for. */
  region: string | null;
}

/** A caller with a console role: every permission but "ingest" needs one. */
export type ConsoleCaller = Caller & { role: ConsoleRole };

export interface DoorOptions {
  /** The console session's user (lib/auth/session.ts currentUser()), when the request carries no signature. */
  sessionUser?: { id: number } | null;
  /** The request's body, for a signed request that has one. */
  body?: Uint8Array;
  now?: Date;
  env?: Env;
  /** The AES-256 key of stored AccessKey secrets; defaults to the configured one. */
  encryptionKey?: Buffer;
}

export interface DoorRefusal {
  ok: false;
  response: Response;
  status: number;
  error: string;
  /** For the audit of a refused ingest call; null when there is nothing to record. */
  errorCode: string | null;
  /** The key a signed request named, if the console knows it. */
  key: SigningKey | null;
  region: string | null;
  /** The signature did not verify: anyone who knows the key ID can cause this. */
  unproven: boolean;
}

export type DoorResult<C extends Caller = Caller> = { ok: true; caller: C } | DoorRefusal;

export const DOOR_ERRORS = {
  signIn: "Sign in to the console, or sign the request with an AccessKey (SigV4, service keytrail)",
  signInConsole: "Sign in to the console first",
  sessionOnly: "This API takes a console session, not a signed request: sign in to the console",
  noAccess: "Your console access is disabled or your user was deleted: sign in again",
  ownerNoAccess:
    "The AccessKey's owner has no console access (disabled, deleted or without a console role), so it may not use this API",
  mustChangePassword: "You must change your password before using the console: open /account/password",
  role: "Your console role may not use this API",
  ingest:
    "This AccessKey may not send events: an administrator must allow ingest for it (AccessKeys → Allow ingest, or npm run grant-ingest)",
} as const;

export const errorResponse = (status: number, error: string, parameter?: string) =>
  Response.json(parameter ? { error, parameter } : { error }, { status });

export function openDoor(
  request: Request,
  database: Database,
  rule: DoorRule & { permission: "ingest" },
  options?: DoorOptions,
): Promise<DoorResult>;
export function openDoor(
  request: Request,
  database: Database,
  rule: DoorRule & { permission: Exclude<Permission, "ingest"> },
  options?: DoorOptions,
): Promise<DoorResult<ConsoleCaller>>;
export async function openDoor(
  request: Request,
  database: Database,
  rule: DoorRule,
  options: DoorOptions = {},
): Promise<DoorResult> {
  const signed = request.headers.has("authorization");
  if (signed && rule.callers === "session") return refuse(401, DOOR_ERRORS.sessionOnly);
  if (!signed && rule.callers === "signed") return refuse(401, SIGNATURE_ERRORS.malformed);
  return signed ? signedCaller(request, database, rule, options) : sessionCaller(database, rule, options);
}

async function sessionCaller(
  database: Database,
  { permission, forbidden, callers }: DoorRule,
  options: DoorOptions,
): Promise<DoorResult> {
  if (!options.sessionUser) return refuse(401, callers === "session" ? DOOR_ERRORS.signInConsole : DOOR_ERRORS.signIn);
  // Fresh from the database: a session may outlive a change of role, console access or password rule.
  const user = await database.db.user.findUnique({
    where: { id: options.sessionUser.id },
    include: { account: { select: { accountId: true } } },
  });
  if (!user || user.deletedAt || !user.consoleAccess || !isConsoleRole(user.consoleRole))
    return refuse(401, DOOR_ERRORS.noAccess);
  if (user.mustChangePassword) return refuse(403, DOOR_ERRORS.mustChangePassword);
  if (permission === "ingest" || !allows(user.consoleRole, permission))
    return refuse(403, forbidden ?? DOOR_ERRORS.role);
  return {
    ok: true,
    caller: {
      id: user.id,
      role: user.consoleRole,
      userName: user.userName,
      principalId: user.principalId,
      userType: user.userType,
      accountId: user.account.accountId,
      accountDbId: user.accountId,
      key: null,
      region: null,
    },
  };
}

async function signedCaller(
  request: Request,
  database: Database,
  { permission, forbidden }: DoorRule,
  options: DoorOptions,
): Promise<DoorResult> {
  const verified: VerifyResult = await verifySignature(
    database,
    { method: request.method, url: request.url, headers: request.headers, body: options.body ?? new Uint8Array() },
    { now: options.now, env: options.env, encryptionKey: options.encryptionKey },
  );
  if (!verified.ok) {
    return {
      ...refuse(verified.status, verified.error, verified.errorCode),
      key: verified.key,
      region: verified.region,
      unproven: verified.unproven,
    };
  }
  const { key, region } = verified;
  // A proven caller closes the refused-signature counters of minutes past (./refused-signatures.ts).
  await recordClosedWindowsIfDue(database, options.now ?? new Date());
  const named = (status: number, error: string, errorCode: string): DoorRefusal => ({
    ...refuse(status, error, errorCode),
    key,
    region,
  });
  const role = isConsoleRole(key.ownerConsoleRole) ? key.ownerConsoleRole : null;
  if (permission === "ingest") {
    if (!key.mayIngest) return named(403, DOOR_ERRORS.ingest, "NoPermission.Ingest");
  } else {
    // The role table holds for signed requests too: what the owner could not open in the console, the key cannot read.
    if (!key.ownerConsoleAccess || !role) return named(401, DOOR_ERRORS.ownerNoAccess, "NoPermission.ConsoleAccess");
    if (!allows(role, permission)) return named(403, forbidden ?? DOOR_ERRORS.role, "NoPermission");
  }
  return {
    ok: true,
    caller: {
      id: key.ownerId,
      role,
      userName: key.userName,
      principalId: key.principalId,
      userType: key.userType,
      accountId: key.accountId,
      accountDbId: key.accountDbId,
      accessKeyId: key.accessKeyId,
      key,
      region,
    },
  };
}

function refuse(status: number, error: string, errorCode: string | null = null): DoorRefusal {
  return {
    ok: false,
    response: errorResponse(status, error),
    status,
    error,
    errorCode,
    key: null,
    region: null,
    unproven: false,
  };
}
