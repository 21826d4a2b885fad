// The single path by which events enter the database: the console's own events, the demo seed, the ingest API
// and the importers. Idempotent on eventId (a duplicate is skipped, never stored twice); attributes each event
// to an inventory user and keeps AccessKey last-used fields current in the same transaction as the rows.
// Both take a direct connection of their own: SQLite prepared statements (ingest-sqlite.ts); PostgreSQL one array
// per column through pg (ingest-postgres.ts).
import type { NormalisedEvent } from "@/lib/domain/event";
import type { Database } from "./client";
import { ingestPostgres } from "./ingest-postgres";
import { ingestSqlite } from "./ingest-sqlite";

export interface IngestResult {
  inserted: number;
  duplicates: number;
  /** eventIds that were new, in input order. */
  insertedEventIds: string[];
}

export interface IngestOptions {
  /** Events to store after these, in the same transaction, made from the eventIds that were new: the ingest API's
   *  record of the call itself, which names how many were accepted. Synchronous: SQLite's transaction is. */
  then?: (insertedEventIds: string[]) => NormalisedEvent[];
}

/** Stores the events (and `then`'s); the result describes `events` only. */
export async function ingestEvents(
  database: Database,
  events: NormalisedEvent[],
  { then }: IngestOptions = {},
): Promise<IngestResult> {
  if (events.length === 0 && !then) return { inserted: 0, duplicates: 0, insertedEventIds: [] };
  let insertedEventIds: string[];
  if (database.sqlite) insertedEventIds = ingestSqlite(database.sqlite(), events, then);
  else if (database.postgres) insertedEventIds = await ingestPostgres(database.postgres(), events, then);
  else throw new Error(`no direct ${database.provider} connection for ingest`);
  return { inserted: insertedEventIds.length, duplicates: events.length - insertedEventIds.length, insertedEventIds };
}
