// The latest events in scope, newest first (keyset order: eventTime, then eventId).
import "server-only";
import type { Database } from "@/lib/db/client";
import { eventScopeWhere, type UserScope } from "./scope";

export const recentEventSelect = {
  eventId: true,
  eventTime: true,
  eventName: true,
  service: true,
  eventType: true,
  readOnly: true,
  userName: true,
  identityType: true,
  accessKeyId: true,
  sourceIpAddress: true,
  region: true,
  errorCode: true,
} as const;

export interface RecentEvent {
  eventId: string;
  eventTime: Date;
  eventName: string;
  service: string;
  eventType: string;
  readOnly: boolean | null;
  userName: string | null;
  identityType: string | null;
  accessKeyId: string | null;
  sourceIpAddress: string | null;
  region: string | null;
  errorCode: string | null;
}

export function listRecentEvents({ db }: Database, scope: UserScope, take = 50): Promise<RecentEvent[]> {
  return db.event.findMany({
    where: eventScopeWhere(scope),
    orderBy: [{ eventTime: "desc" }, { eventId: "desc" }],
    take,
    select: recentEventSelect,
  });
}
