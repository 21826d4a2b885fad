// What every path that stores events checks after normalising (the importer and the ingest API): values a
// database would refuse, so one such record is rejected with its reason instead of failing its whole batch.
import type { NormalisedEvent } from "@/lib/domain/event";

// Limits of the own-shape schema (own-shape.ts) for the columns that are indexed: PostgreSQL refuses an index
// entry over ~2.7 kB, and NUL in any text column; one such record must not fail the whole batch.
const LIMITS: [field: string, value: (e: NormalisedEvent) => string | null, max: number][] = [
  ["eventId", (e) => e.eventId, 128],
  ["eventName", (e) => e.eventName, 128],
  ["eventSource", (e) => e.eventSource, 256],
  ["service", (e) => e.service, 64],
  ["accountId", (e) => e.accountId, 64],
  ["userIdentity.type", (e) => e.userIdentity.type, 64],
  ["userIdentity.principalId", (e) => e.userIdentity.principalId, 256],
  ["userIdentity.userName", (e) => e.userIdentity.userName, 256],
  ["userIdentity.accessKeyId", (e) => e.userIdentity.accessKeyId, 128],
  ["userIdentity.roleName", (e) => e.userIdentity.roleName, 256],
  ["region", (e) => e.region, 64],
  ["userAgent", (e) => e.userAgent, 1024],
  ["requestId", (e) => e.requestId, 256],
  ["errorCode", (e) => e.errorCode, 256],
  ["errorMessage", (e) => e.errorMessage, 4096],
];

/** Why a normalised event cannot be stored as is, or null. */
export function unstorable(event: NormalisedEvent): string | null {
  for (const [field, value, max] of LIMITS) {
    const text = value(event);
    if (text === null) continue;
    if (text.includes("\u0000")) return `${field}: contains a NUL character`;
    if (text.length > max) return `${field}: longer than ${max} characters`;
  }
  return null;
}
