// Records a connection received one by one (an API page, a push delivery) into events, through the same
// normalisers the file import uses and the one write path (ingestEvents: idempotent on eventId, so a record read
// again, in an overlap window or a retried delivery, is a duplicate and stored once). Nothing is dropped
// silently: a record that does not become an event comes back as a problem naming where it came from.
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { detectFormat, type RecordContainer } from "@/lib/domain/normalise/detect";
import { unstorable } from "@/lib/domain/normalise/storable";

export interface ReceivedRecord {
  record: unknown;
  /** The record's exact text, kept as the event's raw record. */
  raw: string;
  /** Where it came from, for a problem: "page 3, event 12", "delivery 5f1c…, entry 2". */
  source: string;
}

export interface RecordProblem {
  source: string;
  reason: string;
}

export interface StoredRecords {
  imported: number;
  duplicates: number;
  rejected: number;
  problems: RecordProblem[];
  /** The latest eventTime among the records that became events (new or duplicate). */
  newestEventTime: Date | null;
  /** eventIds stored for the first time, in input order. */
  insertedEventIds: string[];
}

/** Normalises each record by its own shape (`container` as the file import would name where it sat). */
export function normaliseRecords(
  records: ReceivedRecord[],
  container: RecordContainer = "array",
): { events: NormalisedEvent[]; problems: RecordProblem[] } {
  const events: NormalisedEvent[] = [];
  const problems: RecordProblem[] = [];
  for (const item of records) {
    const detection = detectFormat(item.record, container);
    if (!detection.ok) {
      problems.push({ source: item.source, reason: detection.reason });
      continue;
    }
    const result = detection.normalise(item.record, item.raw);
    const problem = result.ok ? unstorable(result.event) : result.reason;
    if (!result.ok || problem) problems.push({ source: item.source, reason: problem ?? "not storable" });
    else events.push(result.event);
  }
  return { events, problems };
}

export async function storeRecords(
  database: Database,
  records: ReceivedRecord[],
  container: RecordContainer = "array",
): Promise<StoredRecords> {
  const { events, problems } = normaliseRecords(records, container);
  const result = await ingestEvents(database, events);
  let newest: Date | null = null;
  for (const event of events) if (!newest || event.eventTime > newest) newest = event.eventTime;
  return {
    imported: result.inserted,
    duplicates: result.duplicates,
    rejected: problems.length,
    problems,
    newestEventTime: newest,
    insertedEventIds: result.insertedEventIds,
  };
}
