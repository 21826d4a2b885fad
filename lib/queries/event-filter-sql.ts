// The explorer's filter and the viewer's scope as one SQL condition, and its keyset page: the one definition every
// event list, count, neighbour look-up and export uses (lib/queries/events.ts, lib/export/csv-page-reader.ts).
// Text matches are LIKE (wildcards in the value left as they are), as Prisma's contains/startsWith were.
import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from "kysely";
import type { SqlDialect, Tables } from "@/lib/db/sql";
import type { EventFilter } from "@/lib/domain/event-filter";
import type { KeysetCursor } from "@/lib/domain/keyset-cursor";
import type { UserScope } from "./scope";

type Eb = ExpressionBuilder<Tables, "Event">;
type TextColumn =
  | "userName"
  | "principalId"
  | "roleName"
  | "identityType"
  | "eventName"
  | "eventSource"
  | "service"
  | "eventType"
  | "errorCode"
  | "accessKeyId"
  | "region"
  | "resources"
  | "requestId"
  | "eventId"
  | "accountId"
  | "sourceIpAddress"
  | "errorMessage";

/** The filter and scope as a WHERE condition. */
export function eventFilterWhere(eb: Eb, filter: EventFilter, scope: UserScope, dialect: SqlDialect) {
  const and: Expression<SqlBool>[] = [];
  if (scope !== null) and.push(scope.length ? eb("userId", "in", scope) : eb.lit(false));
  and.push(eb("eventTime", ">=", dialect.time(filter.from)), eb("eventTime", "<=", dialect.time(filter.to)));
  const anyOf = (values: string[], one: (value: string) => Expression<SqlBool>) => {
    if (values.length) and.push(eb.or(values.map(one)));
  };
  const eq = (column: TextColumn) => (value: string) => eb(column, "=", value);
  const like = (column: TextColumn, pattern: string) => eb(column, "like", pattern);
  // Operator: the user name, or the principal ID, or the role, as the source gave them.
  anyOf(filter.userName, (v) => eb.or([eq("userName")(v), eq("principalId")(v), eq("roleName")(v)]));
  anyOf(filter.principalType, eq("identityType"));
  anyOf(filter.eventName, eq("eventName"));
  // "ecs.aliyuncs.com" is an event source, "ecs" a short service name: one column each, so the index is used.
  anyOf(filter.service, (v) => (v.includes(".") ? eq("eventSource")(v) : eq("service")(v.toLowerCase())));
  anyOf(filter.eventType, eq("eventType"));
  anyOf(filter.errorCode, eq("errorCode"));
  anyOf(filter.accessKeyId, eq("accessKeyId"));
  anyOf(filter.region, eq("region"));
  // Resources are stored as JSON text: match the exact "type"/"name" member.
  anyOf(filter.resourceType, (v) => like("resources", `%"type":${JSON.stringify(v)}%`));
  anyOf(filter.resourceName, (v) => like("resources", `%"name":${JSON.stringify(v)}%`));
  anyOf(filter.requestId, eq("requestId"));
  anyOf(filter.eventId, eq("eventId"));
  anyOf(filter.accountId, eq("accountId"));
  if (filter.sourceIp.length) {
    const parts = filter.sourceIp.flatMap((m) =>
      "exact" in m
        ? [m.exact.length ? eb("sourceIpAddress", "in", m.exact) : eb.lit(false)]
        : m.prefixes.map((prefix) => like("sourceIpAddress", `${prefix}%`)),
    );
    and.push(parts.length ? eb.or(parts) : eb.lit(false));
  }
  if (filter.readOnly !== null) and.push(eb("readOnly", "=", dialect.bool(filter.readOnly)));
  if (filter.result === "success") and.push(eb("errorCode", "is", null));
  if (filter.result === "failed") and.push(eb("errorCode", "is not", null));
  if (filter.sensitive) and.push(eb("sensitive", "=", dialect.bool(true)));
  if (filter.q) {
    const q = `%${filter.q}%`;
    and.push(eb.or([like("eventName", q), like("resources", q), like("errorMessage", q)]));
  }
  return eb.and(and);
}

/** The filter's time range narrowed to the cursor's side. One bound per side lets the database seek the index
 *  straight to the cursor (SQLite uses a single upper and lower bound), so page 1,000 costs what page 1 does. */
function narrowedToCursor(
  filter: EventFilter,
  cursor: Pick<KeysetCursor, "eventTime">,
  order: "desc" | "asc",
): EventFilter {
  return order === "desc"
    ? { ...filter, to: cursor.eventTime < filter.to ? cursor.eventTime : filter.to }
    : { ...filter, from: cursor.eventTime > filter.from ? cursor.eventTime : filter.from };
}

/** The filter's events strictly after `cursor` in `order` (reading order), sorted that way. */
export function eventsPast<O>(
  query: SelectQueryBuilder<Tables, "Event", O>,
  filter: EventFilter,
  scope: UserScope,
  dialect: SqlDialect,
  cursor: Pick<KeysetCursor, "eventTime" | "eventId"> | null,
  order: "desc" | "asc",
): SelectQueryBuilder<Tables, "Event", O> {
  const op = order === "desc" ? "<" : ">";
  return (
    query
      .where((eb) => {
        if (!cursor) return eventFilterWhere(eb, filter, scope, dialect);
        const time = dialect.time(cursor.eventTime);
        return eb.and([
          eventFilterWhere(eb, narrowedToCursor(filter, cursor, order), scope, dialect),
          eb.or([
            eb("eventTime", op, time),
            eb.and([eb("eventTime", "=", dialect.time(cursor.eventTime)), eb("eventId", op, cursor.eventId)]),
          ]),
        ]);
      })
      // Qualified: a select list may give an expression the column's name (eventTime as text on PostgreSQL), and
      // a bare ORDER BY name would sort by that instead of walking the time index.
      .orderBy("Event.eventTime", order)
      .orderBy("Event.eventId", order)
  );
}

/** One keyset page: the filter's events after (or before) its cursor, in reading order, one row more than the
 *  page to tell whether another page follows. Going back a page reads the other way from the cursor. */
export function eventPage<O>(
  query: SelectQueryBuilder<Tables, "Event", O>,
  filter: EventFilter,
  scope: UserScope,
  dialect: SqlDialect,
): SelectQueryBuilder<Tables, "Event", O> {
  const backwards = filter.cursor?.direction === "before";
  const order = backwards ? (filter.order === "desc" ? "asc" : "desc") : filter.order;
  return eventsPast(query, filter, scope, dialect, filter.cursor, order).limit(filter.limit + 1);
}
