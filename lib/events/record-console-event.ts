// Record one of the console's own operations through the ingest path.
import { randomUUID } from "node:crypto";
import { getDatabase, type Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";

export type EventDraft = (base: { eventId: string; eventTime: Date }) => NormalisedEvent;

export async function recordConsoleEvent(
  draft: EventDraft,
  database: Database = getDatabase(),
): Promise<NormalisedEvent> {
  const event = draft({ eventId: randomUUID(), eventTime: new Date() });
  await ingestEvents(database, [event]);
  return event;
}
