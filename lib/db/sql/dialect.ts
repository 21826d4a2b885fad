// Every difference between SQLite and PostgreSQL that hand-written SQL meets, in one place: how Kysely compiles
// for each, how a time or a boolean is bound and read back, a UTC day of a time, and the few statements only
// one of them has. Queries (lib/queries, lib/db) build on these and never test the provider themselves.
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseIntrospector,
  type DialectAdapter,
  type Expression,
  type Kysely,
  type QueryCompiler,
  type RawBuilder,
} from "kysely";
import type { DbProvider } from "@/lib/db/database-url";

/** Where a parameter goes in SQL compiled for Prisma's raw queries, which number their placeholders themselves. */
export const PARAMETER_MARK = "\u0000";

class MarkedSqliteCompiler extends SqliteQueryCompiler {
  protected override getCurrentParameterPlaceholder(): string {
    return PARAMETER_MARK;
  }
}

class MarkedPostgresCompiler extends PostgresQueryCompiler {
  protected override getCurrentParameterPlaceholder(): string {
    return PARAMETER_MARK;
  }
}

export interface SqlDialect {
  readonly provider: DbProvider;
  adapter(): DialectAdapter;
  /** The compiler for the driver's own placeholders (`?` on SQLite, `$1` on PostgreSQL). */
  compiler(): QueryCompiler;
  /** The compiler that leaves PARAMETER_MARK where each parameter goes. */
  markedCompiler(): QueryCompiler;
  introspector(db: Kysely<unknown>): DatabaseIntrospector;
  /** A time compared with a DateTime column. Prisma keeps UTC: "…+00:00" text on SQLite (compared as text),
   *  timestamp(3) on PostgreSQL (the cast ignores the "Z"). */
  time(value: Date): RawBuilder<string>;
  /** A time as the value written into a DateTime column on this database. */
  timeValue(value: Date): string;
  /** A boolean as bound: better-sqlite3 takes 1/0 only. */
  bool(value: boolean): boolean | number;
  /** A DateTime column as text that `new Date()` reads as the stored UTC instant. pg would read a timestamp(3)
   *  column itself as local time. */
  timeText(column: string): RawBuilder<string>;
  /** A DateTime column's UTC day, "YYYY-MM-DD". */
  utcDay(column: string): RawBuilder<string>;
  /** A table read in storage order (SQLite's NOT INDEXED; PostgreSQL plans that itself). */
  unindexed(table: string): RawBuilder<unknown>;
  /** The larger / smaller of two values: max()/min() with two arguments on SQLite, GREATEST/LEAST on PostgreSQL. */
  greatest(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<unknown>;
  least(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<unknown>;
  /** Whether `SELECT … FOR UPDATE` row locks exist (SQLite has one writer at a time instead). */
  readonly rowLocks: boolean;
}

export const sqliteSql: SqlDialect = {
  provider: "sqlite",
  adapter: () => new SqliteAdapter(),
  compiler: () => new SqliteQueryCompiler(),
  markedCompiler: () => new MarkedSqliteCompiler(),
  introspector: (db) => new SqliteIntrospector(db),
  time: (value) => sql<string>`${sqliteTime(value)}`,
  timeValue: (value) => sqliteTime(value),
  bool: (value) => (value ? 1 : 0),
  timeText: (column) => sql<string>`${sql.ref(column)}`,
  utcDay: (column) => sql<string>`substr(${sql.ref(column)}, 1, 10)`,
  unindexed: (table) => sql`${sql.table(table)} NOT INDEXED`,
  greatest: (a, b) => sql`max(${a}, ${b})`,
  least: (a, b) => sql`min(${a}, ${b})`,
  rowLocks: false,
};

export const postgresSql: SqlDialect = {
  provider: "postgresql",
  adapter: () => new PostgresAdapter(),
  compiler: () => new PostgresQueryCompiler(),
  markedCompiler: () => new MarkedPostgresCompiler(),
  introspector: (db) => new PostgresIntrospector(db),
  time: (value) => sql<string>`${value.toISOString()}::timestamp(3)`,
  timeValue: (value) => value.toISOString(),
  bool: (value) => value,
  timeText: (column) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  utcDay: (column) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`,
  unindexed: (table) => sql`${sql.table(table)}`,
  greatest: (a, b) => sql`GREATEST(${a}, ${b})`,
  least: (a, b) => sql`LEAST(${a}, ${b})`,
  rowLocks: true,
};

/** A column and its PostgreSQL type, e.g. ["eventTime", "timestamp(3)"]. */
export type TypedColumn = readonly [name: string, type: string];

/** PostgreSQL's multi-row source as one array per column: `SELECT * FROM unnest($1::text[], ...)`. A batch then
 *  binds one parameter per column instead of one per value (a 100-event batch: 31, not 3,100); unnest yields the
 *  rows in array order, so a serial column numbers them in the order given. `arrays` are columnArrays(rows). */
export function unnestRows(columns: readonly TypedColumn[], arrays: readonly unknown[][]): RawBuilder<unknown> {
  const typed = columns.map(([, type], i) => sql`${arrays[i]}::${sql.raw(type)}[]`);
  return sql`SELECT * FROM unnest(${sql.join(typed)})`;
}

/** Prisma's own text form of a DateTime on SQLite: rows written by hand must match it exactly, or ordering and
 *  equality between rows written by Prisma and by hand would disagree. */
export function sqliteTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export const dialectOf = (provider: DbProvider): SqlDialect => (provider === "postgresql" ? postgresSql : sqliteSql);
