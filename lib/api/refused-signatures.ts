// The audit of ingest calls refused before the caller proved it holds the key's secret (bad signature, stale or
// undated request, body hash mismatch). Anyone who knows a key ID can cause these, so they may not write an event
// each: the first of a key's UTC minute is recorded at once, the rest are counted per source address
// (lib/db/signature-refusals.ts), and once the minute has closed its count is recorded as one aggregate
// PutEvents event, "SignatureDoesNotMatch.Aggregated". The closed minutes are taken at the next refusal of any
// key, or at the next accepted signed call. Both events carry only fields the server chose: its own error text,
// the source address, a shortened user agent, never the request's region or body.
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import {
  countSignatureRefusal,
  minuteOf,
  oldestOpenMinute,
  takeClosedWindows,
  type RefusalWindow,
} from "@/lib/db/signature-refusals";
import { findSigningKey } from "@/lib/db/signing-key-lookup";
import type { RequestMeta } from "@/lib/domain/console-event";
import type { NormalisedEvent } from "@/lib/domain/event";
import { putEventsRecord, type PutEventsKey } from "./put-events-event";

export const AGGREGATE_ERROR_CODE = "SignatureDoesNotMatch.Aggregated";
export const REFUSED_USER_AGENT_LENGTH = 64;
/** The aggregate names this many source addresses, the busiest first; the rest only as a count. */
export const AGGREGATE_SOURCES = 10;

/** Per database: the oldest minute that may still hold counters (undefined: not yet asked this process). */
const openSince = new WeakMap<Database, number | null>();

/** Counts one refusal, and records it when it is the first of the key's minute. */
export async function recordRefusedSignature(
  database: Database,
  key: PutEventsKey,
  meta: RequestMeta,
  now: Date,
  refusal: { errorCode: string; error: string },
): Promise<void> {
  await recordClosedWindows(database, now);
  const first = await countSignatureRefusal(database, key.accessKeyId, meta.sourceIpAddress, now);
  const since = openSince.get(database);
  openSince.set(database, since === null || since === undefined ? minuteOf(now) : Math.min(since, minuteOf(now)));
  if (!first) return;
  await ingestEvents(database, [
    putEventsRecord(key, now, {
      sourceIpAddress: meta.sourceIpAddress,
      userAgent: meta.userAgent?.slice(0, REFUSED_USER_AGENT_LENGTH) ?? null,
      errorCode: refusal.errorCode,
      errorMessage: refusal.error,
      responseElements: null,
    }),
  ]);
}

/** Cheap enough for every accepted call: asks the database once a process, then only when a minute has closed. */
export async function recordClosedWindowsIfDue(database: Database, now: Date): Promise<void> {
  let since = openSince.get(database);
  if (since === undefined) openSince.set(database, (since = await oldestOpenMinute(database)));
  if (since !== null && since < minuteOf(now)) await recordClosedWindows(database, now);
}

/** Records every closed minute's aggregate; each is taken (and its counters deleted) by exactly one caller. */
export async function recordClosedWindows(database: Database, now: Date): Promise<number> {
  // Cleared first: a refusal counted while this runs sets it again, and is not lost by the set below.
  openSince.set(database, null);
  const windows = await takeClosedWindows(database, now);
  const oldest = await oldestOpenMinute(database);
  const counted = openSince.get(database);
  openSince.set(database, oldest === null ? (counted ?? null) : Math.min(oldest, counted ?? oldest));
  const events: NormalisedEvent[] = [];
  for (const window of windows) {
    const key = await findSigningKey(database, window.accessKeyId);
    if (key) events.push(aggregateEvent(key, window));
  }
  if (events.length) await ingestEvents(database, events);
  return events.length;
}

export function aggregateEvent(key: PutEventsKey, window: RefusalWindow): NormalisedEvent {
  const start = new Date(window.minute * 60_000);
  const listed = window.sources.slice(0, AGGREGATE_SOURCES);
  return putEventsRecord(key, new Date((window.minute + 1) * 60_000 - 1), {
    sourceIpAddress: window.sources[0]?.sourceIp ?? null,
    userAgent: null,
    errorCode: AGGREGATE_ERROR_CODE,
    errorMessage: `${window.total} requests naming this AccessKey were refused (no valid signature) in the minute from ${start.toISOString()}; the first is recorded on its own`,
    responseElements: {
      refusedCalls: window.total,
      minute: start.toISOString(),
      sources: listed,
      otherSources: window.sources.length - listed.length,
    },
  });
}
