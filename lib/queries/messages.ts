// The Message center's reads: a user's messages, newest first, and their unread count for the header.
import "server-only";
import type { Database } from "@/lib/db/client";

export const MESSAGES_PER_PAGE = 50;

export function unreadMessageCount({ db }: Database, userId: number): Promise<number> {
  return db.message.count({ where: { userId, readAt: null } });
}

export async function listMessages(
  { db }: Database,
  userId: number,
  { unreadOnly = false, before }: { unreadOnly?: boolean; before?: number } = {},
) {
  const rows = await db.message.findMany({
    where: { userId, ...(unreadOnly ? { readAt: null } : {}), ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: MESSAGES_PER_PAGE + 1,
  });
  return { messages: rows.slice(0, MESSAGES_PER_PAGE), more: rows.length > MESSAGES_PER_PAGE };
}
