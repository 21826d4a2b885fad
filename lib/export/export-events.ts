// Streaming export of a filtered result: CSV (RFC 4180, formula-safe) or JSON Lines (our own shape plus the
// raw record). Reads keyset pages of 1,000, so memory stays flat and there is no row cap. CSV pages come
// straight from the driver (./csv-page-reader.ts); JSON Lines, which needs the whole record, through listEvents.
import type { Database } from "@/lib/db/client";
import { csvRows } from "@/lib/domain/csv-rows";
import type { EventFilter } from "@/lib/domain/event-filter";
import { eventToJson } from "@/lib/queries/event-json";
import { listEvents, type EventRecord } from "@/lib/queries/events";
import type { UserScope } from "@/lib/queries/scope";
import { csvPageReader } from "./csv-page-reader";

export type ExportFormat = "csv" | "jsonl";

const PAGE_ROWS = 1000;

const CSV_COLUMNS = [
  "eventTime",
  "eventId",
  "eventName",
  "service",
  "eventSource",
  "eventType",
  "readOnly",
  "sensitive",
  "accountId",
  "userName",
  "identityType",
  "principalId",
  "roleName",
  "accessKeyId",
  "mfaUsed",
  "sourceIpAddress",
  "userAgent",
  "region",
  "resources",
  "requestId",
  "errorCode",
  "errorMessage",
] as const;

function jsonLine(event: EventRecord): string {
  return JSON.stringify(eventToJson(event));
}

interface TextPage {
  text: string;
  rows: number;
  next: { eventTime: Date; eventId: string } | null;
}

/** The JSON Lines page: whole records, through listEvents. */
async function jsonLinesPage(database: Database, filter: EventFilter, scope: UserScope): Promise<TextPage> {
  const { events, nextCursor } = await listEvents(database, filter, scope);
  const last = events[events.length - 1];
  return {
    text: events.length ? events.map(jsonLine).join("\n") + "\n" : "",
    rows: events.length,
    next: nextCursor !== null && last ? { eventTime: last.eventTime, eventId: last.eventId } : null,
  };
}

/** The export as a stream of UTF-8 chunks; `onDone` receives the row count when the last chunk is sent. */
export function exportEventsStream(
  database: Database,
  filter: EventFilter,
  scope: UserScope,
  format: ExportFormat,
  onDone?: (rows: number) => Promise<void>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = null as EventFilter["cursor"];
  let rows = 0;
  let started = false;
  // CSV reads only its columns (not the raw record and JSON columns): most of a row's bytes.
  const readCsvPage = csvPageReader(database, CSV_COLUMNS);
  const readPage = async (pageFilter: EventFilter): Promise<TextPage> => {
    if (format === "jsonl") return jsonLinesPage(database, pageFilter, scope);
    const page = await readCsvPage(pageFilter, scope);
    return { text: page.rows.length ? csvRows(page.rows) : "", rows: page.rows.length, next: page.next };
  };
  return new ReadableStream({
    async pull(controller) {
      if (!started && format === "csv") controller.enqueue(encoder.encode(csvRows([CSV_COLUMNS])));
      started = true;
      const page = await readPage({ ...filter, cursor, limit: PAGE_ROWS });
      if (page.rows) {
        controller.enqueue(encoder.encode(page.text));
        rows += page.rows;
      }
      if (!page.next) {
        await onDone?.(rows);
        controller.close();
        return;
      }
      cursor = { ...page.next, direction: "after" };
    },
  });
}
