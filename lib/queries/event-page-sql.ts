// The explorer's filter, scope and keyset page as one SQL statement, for readers that skip Prisma: the CSV export
// reads a million rows through the driver directly (lib/export/csv-page-reader.ts), where Prisma's per-page query
// compilation and per-row mapping were much of the time (docs/performance.md). It says exactly what buildEventWhere and pageQuery
// (./event-where.ts, ./events.ts) say, in the SQL Prisma generates for them (LIKE for contains and startsWith,
// wildcards in the value left as they are); tests/integration/event-page-sql.test.ts holds the two to the same rows.
import type { DbProvider } from "@/lib/db/database-url";
import { sqliteDate } from "@/lib/db/ingest-sqlite";
import type { EventFilter } from "@/lib/domain/event-filter";
import type { UserScope } from "./scope";

/** A PostgreSQL timestamp(3) column (UTC, without a zone) as the ISO text Date.toISOString() gives: pg would read
 *  the column itself as local time. */
export const postgresIsoTime = (column: string) => `to_char("${column}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Placeholders and literal forms of the two databases. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly provider: DbProvider) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.provider === "postgresql" ? `$${this.values.length}` : "?";
  }

  /** Prisma keeps DateTime as UTC: "…+00:00" text on SQLite, timestamp(3) on PostgreSQL (the cast ignores "Z"). */
  date(value: Date): string {
    return this.provider === "postgresql"
      ? `${this.add(value.toISOString())}::timestamp(3)`
      : this.add(sqliteDate(value));
  }

  bool(value: boolean): string {
    return this.provider === "postgresql" ? this.add(value) : this.add(value ? 1 : 0);
  }
}

const col = (name: string) => `"${name}"`;

/** The filter and scope as a WHERE condition (without the word). */
function whereSql(filter: EventFilter, scope: UserScope, p: Params): string {
  const and: string[] = [];
  if (scope !== null)
    and.push(scope.length ? `${col("userId")} IN (${scope.map((id) => p.add(id)).join(", ")})` : "1 = 0");
  and.push(`${col("eventTime")} >= ${p.date(filter.from)}`, `${col("eventTime")} <= ${p.date(filter.to)}`);
  const anyOf = (values: string[], one: (value: string) => string) => {
    if (values.length) and.push(`(${values.map(one).join(" OR ")})`);
  };
  const eq = (name: string) => (value: string) => `${col(name)} = ${p.add(value)}`;
  const like = (name: string, pattern: string) => `${col(name)} LIKE ${p.add(pattern)}`;
  anyOf(filter.userName, (v) => `(${eq("userName")(v)} OR ${eq("principalId")(v)} OR ${eq("roleName")(v)})`);
  anyOf(filter.principalType, eq("identityType"));
  anyOf(filter.eventName, eq("eventName"));
  anyOf(filter.service, (v) => (v.includes(".") ? eq("eventSource")(v) : eq("service")(v.toLowerCase())));
  anyOf(filter.eventType, eq("eventType"));
  anyOf(filter.errorCode, eq("errorCode"));
  anyOf(filter.accessKeyId, eq("accessKeyId"));
  anyOf(filter.region, eq("region"));
  anyOf(filter.resourceType, (v) => like("resources", `%"type":${JSON.stringify(v)}%`));
  anyOf(filter.resourceName, (v) => like("resources", `%"name":${JSON.stringify(v)}%`));
  anyOf(filter.requestId, eq("requestId"));
  anyOf(filter.eventId, eq("eventId"));
  anyOf(filter.accountId, eq("accountId"));
  if (filter.sourceIp.length) {
    const parts = filter.sourceIp.flatMap((m) =>
      "exact" in m
        ? [m.exact.length ? `${col("sourceIpAddress")} IN (${m.exact.map((ip) => p.add(ip)).join(", ")})` : "1 = 0"]
        : m.prefixes.map((prefix) => like("sourceIpAddress", `${prefix}%`)),
    );
    and.push(parts.length ? `(${parts.join(" OR ")})` : "1 = 0");
  }
  if (filter.readOnly !== null) and.push(`${col("readOnly")} = ${p.bool(filter.readOnly)}`);
  if (filter.result === "success") and.push(`${col("errorCode")} IS NULL`);
  if (filter.result === "failed") and.push(`${col("errorCode")} IS NOT NULL`);
  if (filter.sensitive) and.push(`${col("sensitive")} = ${p.bool(true)}`);
  if (filter.q) {
    const q = `%${filter.q}%`;
    and.push(`(${like("eventName", q)} OR ${like("resources", q)} OR ${like("errorMessage", q)})`);
  }
  return and.join(" AND ");
}

/** One keyset page, as pageQuery: `columns` (SQL select list) of the filter's events after (or before) its
 *  cursor, in reading order, one row more than the page to tell whether another page follows. */
export function eventPageSql(
  filter: EventFilter,
  scope: UserScope,
  provider: DbProvider,
  columns: string,
): SqlStatement {
  const p = new Params(provider);
  const cursor = filter.cursor;
  const backwards = cursor?.direction === "before";
  const order = backwards ? (filter.order === "desc" ? "asc" : "desc") : filter.order;
  let where: string;
  if (cursor) {
    // The range narrowed to the cursor's side, so the index seeks straight to it (as narrowedToCursor does).
    const narrowed =
      order === "desc"
        ? { ...filter, to: cursor.eventTime < filter.to ? cursor.eventTime : filter.to }
        : { ...filter, from: cursor.eventTime > filter.from ? cursor.eventTime : filter.from };
    const op = order === "desc" ? "<" : ">";
    const conditions = whereSql(narrowed, scope, p);
    const time = p.date(cursor.eventTime);
    const sameTime = p.date(cursor.eventTime);
    where = `${conditions} AND (${col("eventTime")} ${op} ${time} OR (${col("eventTime")} = ${sameTime} AND ${col("eventId")} ${op} ${p.add(cursor.eventId)}))`;
  } else {
    where = whereSql(filter, scope, p);
  }
  const direction = order === "desc" ? "DESC" : "ASC";
  // Qualified: a select list may give an expression the column's name (the CSV reader's eventTime text on
  // PostgreSQL), and a bare ORDER BY name would sort by that instead of walking the time index.
  const limit = p.add(filter.limit + 1);
  return {
    text: `SELECT ${columns} FROM "Event" WHERE ${where} ORDER BY "Event"."eventTime" ${direction}, "Event"."eventId" ${direction} LIMIT ${limit}`,
    values: p.values,
  };
}
