// Where the benchmark's databases live, and its raw baselines, for either database: SQLite files under
// data/bench (the default), or PostgreSQL when DATABASE_URL names one, each workload in a database of its own
// (`<name>_bench_<workload>`, dropped and created afresh; the URL's user must be allowed to create databases).
// The raw baselines bypass Keytrail's ingest path: better-sqlite3 prepared statements, or on PostgreSQL pg with one
// array per column (1,000 rows a statement), in one transaction.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { createDatabase, type Database } from "@/lib/db/client";
import { providerOf } from "@/lib/db/database-url";
import { EVENT_COLUMNS } from "@/lib/db/event-rows";
import { EVENT_TYPED_COLUMNS, ROWS_PER_STATEMENT } from "@/lib/db/ingest-postgres";
import { sqliteDate } from "@/lib/db/ingest-sqlite";
import { columnArrays, unnestInsertSql } from "@/lib/db/postgres-unnest";
import { migrateDatabase } from "@/lib/db/migrate";
import { postgresSql, sqlOf } from "@/lib/db/sql";
import { sql } from "kysely";

export interface BenchStore {
  provider: "sqlite" | "postgresql";
  /** A new, migrated, empty database. */
  fresh(name: string): Promise<{ url: string; database: Database }>;
  /** The database an earlier run left under this name, brought up to the current migrations (`--reuse`). */
  existing(name: string): Promise<{ url: string; database: Database }>;
  /** Converters for eventRowValues: the provider's form of a date and a boolean. */
  date: (d: Date) => unknown;
  bool: (b: boolean | null) => unknown;
  /** Inserts the rows (EVENT_COLUMNS order) into the empty database at `url` in one transaction; ms. A lazy
   *  iterable is consumed inside the timing. */
  rawInsert(url: string, rows: Iterable<unknown[]>): Promise<number>;
  /** The stored rows of the database at `url`, EVENT_COLUMNS order, in insertion order. */
  readRows(url: string): Promise<unknown[][]>;
  /** A raw first page (the newest 51 of the last 7 days) of the database at `url`: run it, then close. */
  rawFirstPage(url: string): Promise<{ run: () => Promise<unknown>; close: () => Promise<void> }>;
}

const COLUMNS = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");

function sqliteStore(dir: string): BenchStore {
  return {
    provider: "sqlite",
    async fresh(name) {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.db`);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
      const url = `file:${file}`;
      await migrateDatabase(url, { quiet: true });
      return { url, database: createDatabase(url) };
    },
    async existing(name) {
      const file = path.join(dir, `${name}.db`);
      if (!existsSync(file)) throw new Error(`--reuse: no database at ${file}; run once without --reuse first`);
      const url = `file:${file}`;
      await migrateDatabase(url, { quiet: true });
      return { url, database: createDatabase(url) };
    },
    date: sqliteDate,
    bool: (b) => (b === null ? null : b ? 1 : 0),
    async rawInsert(url, rows) {
      const connection = new Sqlite(url.slice("file:".length));
      connection.pragma("journal_mode = WAL");
      connection.pragma("synchronous = NORMAL");
      const insert = connection.prepare(
        `INSERT INTO "Event" (${COLUMNS}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")})`,
      );
      const started = performance.now();
      connection.transaction(() => {
        for (const row of rows) insert.run(...row);
      })();
      const ms = performance.now() - started;
      connection.close();
      return ms;
    },
    async readRows(url) {
      const connection = new Sqlite(url.slice("file:".length), { readonly: true });
      const rows = connection.prepare(`SELECT ${COLUMNS} FROM "Event" ORDER BY "seq"`).raw().all() as unknown[][];
      connection.close();
      return rows;
    },
    async rawFirstPage(url) {
      const connection = new Sqlite(url.slice("file:".length), { readonly: true });
      const page = connection.prepare(
        `SELECT * FROM "Event" WHERE "eventTime" >= ? AND "eventTime" <= ? ORDER BY "eventTime" DESC, "eventId" DESC LIMIT 51`,
      );
      return {
        run: async () => page.all(sqliteDate(new Date(Date.now() - 7 * 86_400_000)), sqliteDate(new Date())),
        close: async () => void connection.close(),
      };
    },
  };
}

const RAW_INSERT = unnestInsertSql("Event", EVENT_TYPED_COLUMNS);

function postgresStore(adminUrl: string): BenchStore {
  const base = new URL(adminUrl);
  const prefix = base.pathname.slice(1) || "keytrail";
  const databaseName = (name: string) => `${prefix}_bench_${name.replace(/[^a-z0-9]/gi, "_").toLowerCase()}`;
  return {
    provider: "postgresql",
    async fresh(name) {
      const database = databaseName(name);
      const admin = createDatabase(adminUrl);
      await sql`DROP DATABASE IF EXISTS ${sql.id(database)} WITH (FORCE)`.execute(sqlOf(admin));
      await sql`CREATE DATABASE ${sql.id(database)}`.execute(sqlOf(admin));
      await admin.db.$disconnect();
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      await migrateDatabase(url.toString(), { quiet: true });
      return { url: url.toString(), database: createDatabase(url.toString()) };
    },
    async existing(name) {
      const url = new URL(adminUrl);
      url.pathname = `/${databaseName(name)}`;
      await migrateDatabase(url.toString(), { quiet: true });
      return { url: url.toString(), database: createDatabase(url.toString()) };
    },
    date: (d) => d,
    bool: (b) => b,
    async rawInsert(url, rows) {
      // pg itself, as the ingest path now uses it: the same unnest statement and rows per statement, no Prisma.
      const client = new pg.Client({ connectionString: url });
      await client.connect(); // before the clock starts
      const started = performance.now();
      await client.query("BEGIN");
      const insert = async (chunk: unknown[][]) =>
        void (await client.query(RAW_INSERT, columnArrays(chunk, EVENT_COLUMNS.length)));
      let chunk: unknown[][] = [];
      for (const row of rows) {
        chunk.push(row);
        if (chunk.length === ROWS_PER_STATEMENT) {
          await insert(chunk);
          chunk = [];
        }
      }
      if (chunk.length) await insert(chunk);
      await client.query("COMMIT");
      const ms = performance.now() - started;
      await client.end();
      return ms;
    },
    async readRows(url) {
      const database = createDatabase(url);
      const rows = await sqlOf(database).selectFrom("Event").select(EVENT_COLUMNS).orderBy("seq").execute();
      await database.db.$disconnect();
      return rows.map((r) => EVENT_COLUMNS.map((c) => r[c]));
    },
    async rawFirstPage(url) {
      const database = createDatabase(url);
      return {
        run: () =>
          sqlOf(database)
            .selectFrom("Event")
            .selectAll()
            .where("eventTime", ">=", postgresSql.time(new Date(Date.now() - 7 * 86_400_000)))
            .where("eventTime", "<=", postgresSql.time(new Date()))
            .orderBy("eventTime", "desc")
            .orderBy("eventId", "desc")
            .limit(51)
            .execute(),
        close: () => database.db.$disconnect(),
      };
    },
  };
}

/** PostgreSQL when DATABASE_URL names it, SQLite files in `sqliteDir` otherwise. */
export function benchStore(
  sqliteDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BenchStore {
  const url = env.DATABASE_URL;
  return url && providerOf(url) === "postgresql" ? postgresStore(url) : sqliteStore(sqliteDir);
}
