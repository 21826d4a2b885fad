// Reading operation records: keyset pages over (eventTime, eventId) in either order and direction (never
// OFFSET, so page 1,000 costs what page 1 does), an honest total capped at 10,000, and one event by ID, all
// within the viewer's scope.
// The filter, scope and keyset are one definition in SQL (./event-filter-sql.ts), read through the driver.
import type { Prisma } from "@/generated/sqlite/client";
import type { Database } from "@/lib/db/client";
import { builderFor, dialectOf, rowsOf } from "@/lib/db/sql";
import type { EventFilter } from "@/lib/domain/event-filter";
import { encodeCursor, type KeysetCursor } from "@/lib/domain/keyset-cursor";
import { eventPage, eventsPast } from "./event-filter-sql";
import { eventRecordOf, selectEventColumns } from "./event-record-sql";
import { eventScopeWhere, type UserScope } from "./scope";

export const COUNT_CAP = 10_000;

export type EventRecord = Prisma.EventGetPayload<object>;

export interface EventPage {
  events: EventRecord[];
  /** Cursor of the page after this one in the chosen order, or null at the end. */
  nextCursor: string | null;
  /** Cursor of the page before this one, or null on the first page. */
  previousCursor: string | null;
}

export async function listEvents(database: Database, filter: EventFilter, scope: UserScope): Promise<EventPage> {
  const cursor = filter.cursor;
  const backwards = cursor?.direction === "before";
  const dialect = dialectOf(database.provider);
  const query = eventPage(selectEventColumns(builderFor(database.provider), dialect), filter, scope, dialect);
  const rows = (await rowsOf(database, query.compile())).map(eventRecordOf);
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const at = (row: EventRecord, direction: KeysetCursor["direction"]) =>
    encodeCursor({ eventTime: row.eventTime, eventId: row.eventId, direction });
  return {
    events: page,
    nextCursor: last && (backwards || more) ? at(last, "after") : null,
    previousCursor: first && (backwards ? more : cursor !== null) ? at(first, "before") : null,
  };
}

/** The number of matching events, counted up to COUNT_CAP + 1 so a huge result costs no more than that. */
export async function countEvents(
  database: Database,
  filter: EventFilter,
  scope: UserScope,
): Promise<{ count: number; capped: boolean }> {
  // Counted over the first COUNT_CAP + 1 rows in the list's own order: without the order, PostgreSQL walks seq
  // from the oldest event to the window, not the time index.
  const dialect = dialectOf(database.provider);
  const sql = builderFor(database.provider);
  const capped = eventsPast(sql.selectFrom("Event").select("Event.seq"), filter, scope, dialect, null, filter.order)
    .limit(COUNT_CAP + 1)
    .as("capped");
  const query = sql
    .selectFrom(capped)
    .select((eb) => eb.fn.countAll().as("count"))
    .compile();
  const [[found]] = await rowsOf(database, query);
  const count = Number(found);
  return count > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count, capped: false };
}

/** One event, or null when it does not exist or lies outside the viewer's scope (both answer 404). */
export function getEvent({ db }: Database, eventId: string, scope: UserScope): Promise<EventRecord | null> {
  return db.event.findFirst({ where: { AND: [{ eventId }, eventScopeWhere(scope)] } });
}

/** The events just before and after one, in the explorer's current filter and order, for previous/next. */
export async function neighbours(
  database: Database,
  filter: EventFilter,
  scope: UserScope,
  event: Pick<EventRecord, "eventTime" | "eventId">,
): Promise<{ previous: string | null; next: string | null }> {
  const dialect = dialectOf(database.provider);
  const find = async (order: "asc" | "desc") => {
    const select = builderFor(database.provider).selectFrom("Event").select("Event.eventId");
    const query = eventsPast(select, filter, scope, dialect, event, order).limit(1).compile();
    const [row] = await rowsOf(database, query);
    return row ? String(row[0]) : null;
  };
  const [after, before] = await Promise.all([find(filter.order), find(filter.order === "desc" ? "asc" : "desc")]);
  return { previous: before, next: after };
}
