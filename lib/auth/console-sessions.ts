// Server-side console sessions. The JWT carries a random session id; every request (lib/auth/session.ts) checks
// that the session exists, belongs to the user, was not revoked (sign-out, password change) and was used within
// the idle limit (KEYTRAIL_SESSION_IDLE_HOURS, default 8 hours). A stolen or old token is useless once its row says so.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Env } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";

export const DEFAULT_IDLE_HOURS = 8;
/** lastSeenAt is written at most this often per session. */
const TOUCH_INTERVAL_MS = 60_000;

export function sessionIdleMs(env: Env = process.env): number {
  const hours = Number(env.KEYTRAIL_SESSION_IDLE_HOURS);
  return (Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_IDLE_HOURS) * 3_600_000;
}

export async function createSession(database: Database, userId: number, now = new Date()): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await database.db.consoleSession.create({ data: { id, userId, createdAt: now, lastSeenAt: now } });
  return id;
}

/** Whether the session is live for this user; records the activity. */
export async function touchSession(
  database: Database,
  sessionId: string | undefined,
  userId: number,
  now = new Date(),
  idleMs = sessionIdleMs(),
): Promise<boolean> {
  if (!sessionId) return false;
  const session = await database.db.consoleSession.findUnique({ where: { id: sessionId } });
  if (!session || session.userId !== userId || session.revokedAt) return false;
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMs) return false;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await database.db.consoleSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return true;
}

export async function revokeSession(database: Database, sessionId: string, now = new Date()): Promise<void> {
  await database.db.consoleSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends every session of the user, except `exceptId`. */
export async function revokeUserSessions(
  database: Database,
  userId: number,
  now = new Date(),
  exceptId?: string,
): Promise<void> {
  await database.db.consoleSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    data: { revokedAt: now },
  });
}
