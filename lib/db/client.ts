// One build serves both databases: the Prisma client and driver adapter are picked at runtime from
// DATABASE_URL. Both generated clients share the same models, so the app sees one type.
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { databaseUrl, providerOf, sqliteFilePath, type DbProvider } from "./database-url";
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from "./sqlite-checkpointer";
import { lockTimeoutMs } from "./storage-errors";

/** The ingest connection's automatic checkpoint when it does its own: every 64 MB of log. */
const OWN_CHECKPOINT_PAGES = 16_384;

export type Db = SqliteClient;

export interface Database {
  db: Db;
  provider: DbProvider;
  /** SQLite only: a direct connection to the same file for the bulk ingest path (opened on first use). */
  sqlite?: () => Sqlite.Database;
  /** SQLite only: a second direct connection for long reads (the CSV export), opened on first use. It keeps
   *  SQLite's default page cache: the ingest connection's 64 MB cache would fill as an export reads the file. */
  sqliteReader?: () => Sqlite.Database;
  /** PostgreSQL only: a small pool of its own for the bulk ingest path (created on first use). */
  postgres?: () => pg.Pool;
}

/** A new client for `url`. Tests and scripts use this; the app uses the shared `prisma` below. */
export function createDatabase(url: string = databaseUrl()): Database {
  const provider = providerOf(url);
  if (provider === "postgresql") {
    const db = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
    let pool: pg.Pool | undefined;
    // Writers take turns on one lock (ingest-postgres.ts), so a few connections are plenty; idle ones close, and
    // never keep a script's process alive.
    const postgres = () => {
      if (!pool) {
        pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
        // An idle connection the server closed (a restart, a dropped database) leaves the pool; the next batch
        // opens a new one. Without a listener the pool's "error" event would end the process.
        pool.on("error", () => {});
      }
      return pool;
    };
    return { db, provider, postgres };
  }
  // busy timeout: wait for a concurrent writer (the import command, say) instead of failing at once.
  const timeout = lockTimeoutMs();
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout }) });
  let connection: Sqlite.Database | undefined;
  const sqlite = () => {
    if (!connection) {
      connection = new Sqlite(sqliteFilePath(url), { timeout });
      connection.pragma("journal_mode = WAL");
      connection.pragma("synchronous = NORMAL"); // WAL + NORMAL: durable across crashes of the process
      // Ingest commits one transaction per request or import batch, each touching pages all over seven event
      // indexes. A bigger page cache keeps those pages between commits, and checkpointing every 64 MB of WAL
      // (not every 4 MB) copies a page back once for many commits, so ingest stores more events per second.
      connection.pragma("cache_size = -65536");
      // A thread of its own copies the log back (./sqlite-checkpointer.ts): commits then only append to it.
      const opened = connection;
      const threaded = startCheckpointer(sqliteFilePath(url), () => {
        if (opened.open) opened.pragma(`wal_autocheckpoint = ${OWN_CHECKPOINT_PAGES}`);
      });
      connection.pragma(`wal_autocheckpoint = ${threaded ? BACKSTOP_CHECKPOINT_PAGES : OWN_CHECKPOINT_PAGES}`);
      // A log that grew to the backstop is cut back to 64 MB when it restarts, not kept at its largest.
      connection.pragma("journal_size_limit = 67108864");
    }
    return connection;
  };
  let reader: Sqlite.Database | undefined;
  const sqliteReader = () => {
    if (!reader) {
      reader = new Sqlite(sqliteFilePath(url), { timeout });
      reader.pragma("query_only = ON");
    }
    return reader;
  };
  return { db, provider, sqlite, sqliteReader };
}

const shared = globalThis as unknown as { __keytrailDatabase?: Database };

/** The process-wide database (kept across hot reloads in development). */
export function getDatabase(): Database {
  return (shared.__keytrailDatabase ??= createDatabase());
}
