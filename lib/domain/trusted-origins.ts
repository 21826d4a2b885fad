// Which events security decisions may read. Anyone holding an AccessKey can send events through the ingest API
// (origin "api"), including ConsoleSignin events and calls that name an inventory key: such a record is a
// client's claim, good for the audit trail but never for deciding who is locked out, throttled, abnormal, or when
// a key was last used.

import type { EventOrigin } from "./event";

/** The console's own record: Keytrail's sign-ins and the signed API calls it served. */
export const CONSOLE_ORIGIN: EventOrigin = "keytrail";

/** Sources whose sign-ins and key uses decisions may read: the console's own record, cloud audit trails an
 *  administrator imported (CloudTrail, ActionTrail, CloudAudit), and the demo seed (written only by
 *  the first start of an empty database in demo mode, standing in for such a trail). Not "api" (any AccessKey holder) nor "jsonl" (our own
 *  JSON shape, which says whatever it was given). */
export const TRUSTED_ORIGINS: readonly EventOrigin[] = ["keytrail", "cloudtrail", "actiontrail", "cloudaudit", "demo"];

export function isTrustedOrigin(origin: string): boolean {
  return (TRUSTED_ORIGINS as readonly string[]).includes(origin);
}
