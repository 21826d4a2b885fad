// Streaming export of a filtered result: CSV (RFC 4180, formula-safe) or JSON Lines (our own shape plus the
// raw record). Reads keyset pages of 1,000, so memory stays flat and there is no row cap.
import { stringify } from "csv-stringify/sync";
import type { Database } from "@/lib/db/client";
import { neutraliseFormula } from "@/lib/domain/csv-safe";
import type { EventFilter } from "@/lib/domain/event-filter";
import { eventToJson } from "@/lib/queries/event-json";
import { listEvents, type EventRecord } from "@/lib/queries/events";
import type { UserScope } from "@/lib/queries/scope";

export type ExportFormat = "csv" | "jsonl";

const CSV_COLUMNS = [
  "eventTime", "eventId", "eventName", "service", "eventSource", "eventType", "readOnly", "sensitive", "accountId",
  "userName", "identityType", "principalId", "roleName", "accessKeyId", "mfaUsed", "sourceIpAddress", "userAgent",
  "region", "resources", "requestId", "errorCode", "errorMessage",
] as const;

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
      if (!started && format === "csv") controller.enqueue(encoder.encode(stringify([[...CSV_COLUMNS]], { record_delimiter: "\r\n" })));
      started = true;
      const page = await listEvents(database, { ...filter, cursor, limit: 1000 }, scope);
      if (page.events.length) {
        const text =
          format === "csv"
            ? stringify(page.events.map((e) => CSV_COLUMNS.map((c) => cell(e, c))), { record_delimiter: "\r\n" })
            : page.events.map(jsonLine).join("\n") + "\n";
        controller.enqueue(encoder.encode(text));
        rows += page.events.length;
      }
      const last = page.events[page.events.length - 1];
      if (!page.nextCursor || !last) {
        await onDone?.(rows);
        controller.close();
        return;
      }
      cursor = { eventTime: last.eventTime, eventId: last.eventId, direction: "after" };
    },
  });
}
