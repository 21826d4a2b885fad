// Whole event records read through the builder and the driver (lib/db/sql rowsOf), equal to Prisma's: the select
// list gives times as UTC text on both databases, and each row (an array in select-list order) becomes the record
// Prisma would give (Date times, true/false booleans, null for null).
import type { SelectQueryBuilder } from "kysely";
import { EVENT_COLUMNS } from "@/lib/db/event-rows";
import type { SqlDb, SqlDialect, Tables } from "@/lib/db/sql";
import type { EventRecord } from "./events";

export const RECORD_COLUMNS = ["seq", ...EVENT_COLUMNS] as const;
const TIMES = new Set<string>(["eventTime", "receivedAt"]);
const BOOLEANS = new Set<string>(["readOnly", "sensitive", "mfaUsed"]);

/** SELECT of `columns` (Event columns) FROM "Event", times as text `new Date()` reads as UTC. */
export function selectEventColumns(
  sql: SqlDb,
  dialect: SqlDialect,
  columns: readonly string[] = RECORD_COLUMNS,
): SelectQueryBuilder<Tables, "Event", Record<string, unknown>> {
  return sql
    .selectFrom("Event")
    .select((eb) =>
      columns.map((c) =>
        TIMES.has(c) ? dialect.timeText(`Event.${c}`).as(c) : eb.ref(`Event.${c}` as `Event.${"eventId"}`).as(c),
      ),
    ) as unknown as SelectQueryBuilder<Tables, "Event", Record<string, unknown>>;
}

/** A row of RECORD_COLUMNS as Prisma's record. SQLite answers 0/1 for booleans; both answer null for null. */
export function eventRecordOf(row: unknown[]): EventRecord {
  const record: Record<string, unknown> = {};
  RECORD_COLUMNS.forEach((column, i) => {
    const value = row[i];
    record[column] =
      value === null
        ? null
        : TIMES.has(column)
          ? new Date(value as string)
          : BOOLEANS.has(column)
            ? value === true || value === 1
            : value;
  });
  return record as EventRecord;
}
