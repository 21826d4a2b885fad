import { formatTime } from "@/lib/domain/format";
import type { RecentEvent } from "@/lib/queries/recent-events";
import type { EventRow } from "./recent-events-columns";

export function toEventRow(event: RecentEvent): EventRow {
  return {
    eventId: event.eventId,
    time: formatTime(event.eventTime),
    eventName: event.eventName,
    service: event.service,
    eventType: event.eventType,
    readWrite: event.readOnly === null ? "—" : event.readOnly ? "Read" : "Write",
    operator: event.userName ?? "—",
    accessKeyId: event.accessKeyId ?? "—",
    sourceIpAddress: event.sourceIpAddress ?? "—",
    result: event.errorCode ?? "Success",
  };
}
