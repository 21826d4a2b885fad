// Streaming export of a filtered result: CSV (RFC 4180, formula-safe) or JSON Lines (our own shape plus the
// raw record). Reads keyset pages of 1,000, so memory stays flat and there is no row cap.
import type { Database } from "@/lib/db/client";
import { csvRows } from "@/lib/domain/csv-rows";
import { neutraliseFormula } from "@/lib/domain/csv-safe";
import type { EventFilter } from "@/lib/domain/event-filter";
import { eventToJson } from "@/lib/queries/event-json";
import { listEvents, pageQuery, type EventRecord } from "@/lib/queries/events";
import type { UserScope } from "@/lib/queries/scope";

export type ExportFormat = "csv" | "jsonl";

const PAGE_ROWS = 1000;

const CSV_COLUMNS = [
  "eventTime", "eventId", "eventName", "service", "eventSource", "eventType", "readOnly", "sensitive", "accountId",
  "userName", "identityType", "principalId", "roleName", "accessKeyId", "mfaUsed", "sourceIpAddress", "userAgent",
  "region", "resources", "requestId", "errorCode", "errorMessage",
] as const;

const CSV_SELECT = Object.fromEntries(CSV_COLUMNS.map((c) => [c, true]));

function cell(event: EventRecord, column: (typeof CSV_COLUMNS)[number]): string {
  const value = event[column];
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return neutraliseFormula(String(value));
}

function jsonLine(event: EventRecord): string {
  return JSON.stringify(eventToJson(event));
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
  return new ReadableStream({
    async pull(controller) {
      if (!started && format === "csv") controller.enqueue(encoder.encode(csvRows([CSV_COLUMNS])));
      started = true;
      const pageFilter = { ...filter, cursor, limit: PAGE_ROWS };
      // CSV reads only its columns (not the raw record and JSON columns): most of a row's bytes.
      let page: EventRecord[];
      let more: boolean;
      if (format === "csv") {
        const found = (await database.db.event.findMany({ ...pageQuery(pageFilter, scope), select: CSV_SELECT })) as unknown as EventRecord[];
        page = found.slice(0, PAGE_ROWS);
        more = found.length > PAGE_ROWS;
      } else {
        const listed = await listEvents(database, pageFilter, scope);
        page = listed.events;
        more = listed.nextCursor !== null;
      }
      if (page.length) {
        const text =
          format === "csv"
            ? csvRows(page.map((e) => CSV_COLUMNS.map((c) => cell(e, c))))
            : page.map(jsonLine).join("\n") + "\n";
        controller.enqueue(encoder.encode(text));
        rows += page.length;
      }
      const last = page[page.length - 1];
      if (!more || !last) {
        await onDone?.(rows);
        controller.close();
        return;
      }
      cursor = { eventTime: last.eventTime, eventId: last.eventId, direction: "after" };
    },
  });
}
