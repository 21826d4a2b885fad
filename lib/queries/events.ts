// Reading operation records: keyset pages over (eventTime, eventId) in either order and direction (never
// OFFSET, so page 1,000 costs what page 1 does), an honest total capped at 10,000, and one event by ID, all
// within the viewer's scope.
import type { Prisma } from "@/generated/sqlite/client";
import type { Database } from "@/lib/db/client";
import type { EventFilter } from "@/lib/domain/event-filter";
import { encodeCursor, type KeysetCursor } from "@/lib/domain/keyset-cursor";
import { buildEventWhere } from "./event-where";
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

function keysetWhere(cursor: KeysetCursor, forward: "desc" | "asc"): Prisma.EventWhereInput {
  const op = forward === "desc" ? "lt" : "gt";
  return {
    OR: [{ eventTime: { [op]: cursor.eventTime } }, { eventTime: cursor.eventTime, eventId: { [op]: cursor.eventId } }],
  };
}

/** The filter's time range narrowed to the cursor's side. One bound per side lets the database seek the index
 *  straight to the cursor (SQLite uses a single upper and lower bound), so page 1,000 costs what page 1 does. */
function narrowedToCursor(
  filter: EventFilter,
  cursor: Pick<KeysetCursor, "eventTime">,
  forward: "desc" | "asc",
): EventFilter {
  return forward === "desc"
    ? { ...filter, to: cursor.eventTime < filter.to ? cursor.eventTime : filter.to }
    : { ...filter, from: cursor.eventTime > filter.from ? cursor.eventTime : filter.from };
}

/** The page's query: the filter and scope, the keyset condition after (or before) the cursor, the order, and one
 *  row more than the page to tell whether another page follows. Shared with the streaming export. */
export function pageQuery(filter: EventFilter, scope: UserScope) {
  const cursor = filter.cursor;
  const backwards = cursor?.direction === "before";
  // Going back a page reads the other way from the cursor, then flips the rows into display order.
  const readOrder = backwards ? (filter.order === "desc" ? "asc" : "desc") : filter.order;
  return {
    where: cursor
      ? { AND: [buildEventWhere(narrowedToCursor(filter, cursor, readOrder), scope), keysetWhere(cursor, readOrder)] }
      : buildEventWhere(filter, scope),
    orderBy: [{ eventTime: readOrder }, { eventId: readOrder }],
    take: filter.limit + 1,
  };
}

export async function listEvents({ db }: Database, filter: EventFilter, scope: UserScope): Promise<EventPage> {
  const cursor = filter.cursor;
  const backwards = cursor?.direction === "before";
  const rows = await db.event.findMany(pageQuery(filter, scope));
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
  { db }: Database,
  filter: EventFilter,
  scope: UserScope,
): Promise<{ count: number; capped: boolean }> {
  // In the list's own order: Prisma's count with take orders by the primary key otherwise, and PostgreSQL then
  // walks seq from the oldest event to the window, not the time index (docs/performance.md, PostgreSQL).
  const count = await db.event.count({
    where: buildEventWhere(filter, scope),
    orderBy: [{ eventTime: filter.order }, { eventId: filter.order }],
    take: COUNT_CAP + 1,
  });
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
  const { db } = database;
  const find = (order: "asc" | "desc") =>
    db.event.findFirst({
      where: {
        AND: [
          buildEventWhere(narrowedToCursor(filter, event, order), scope),
          keysetWhere({ ...event, direction: "after" }, order),
        ],
      },
      orderBy: [{ eventTime: order }, { eventId: order }],
      select: { eventId: true },
    });
  const [after, before] = await Promise.all([find(filter.order), find(filter.order === "desc" ? "asc" : "desc")]);
  return { previous: before?.eventId ?? null, next: after?.eventId ?? null };
}
