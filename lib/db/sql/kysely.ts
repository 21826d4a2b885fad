// Kysely instances over the connections lib/db/client.ts already opens, so hand-written SQL is built by one typed
// builder and still runs where it ran before:
// - sqlOf(database) / sqlIn(tx, provider): on Prisma's own connection or inside a Prisma transaction (the query is
//   handed to Prisma as a Prisma.Sql, its parameters bound by Prisma);
// - readerOf / writerOf: on the direct better-sqlite3 connections or the pg pool (the bulk and streaming paths);
// - builderFor(provider): compile only, for statements prepared once and run through the driver (rowsOf).
import type Sqlite from "better-sqlite3";
import {
  DummyDriver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";
import { Prisma } from "@/generated/sqlite/client";
import type { Database, Db } from "@/lib/db/client";
import type { DbProvider } from "@/lib/db/database-url";
import { dialectOf, PARAMETER_MARK, type SqlDialect } from "./dialect";
import type { Tables } from "./schema";

export type SqlDb = Kysely<Tables>;
/** Prisma's client or one of its transactions: what runs raw queries. */
export type PrismaRunner = Pick<Db, "$queryRaw" | "$executeRaw">;

const kinds = new Set(["SelectQueryNode", "InsertQueryNode", "UpdateQueryNode", "DeleteQueryNode"]);

/** A statement gives rows when it is a SELECT or has RETURNING; other statements (raw DDL, plain writes) give
 *  the number of rows they changed. */
function givesRows(query: CompiledQuery): boolean {
  const node = query.query as { kind: string; returning?: unknown };
  return node.kind === "SelectQueryNode" || (kinds.has(node.kind) && node.returning !== undefined);
}

class PrismaConnection implements DatabaseConnection {
  constructor(private readonly runner: PrismaRunner) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = new Prisma.Sql(compiled.sql.split(PARAMETER_MARK), compiled.parameters as unknown[]);
    if (givesRows(compiled)) return { rows: await this.runner.$queryRaw<R[]>(statement) };
    return { rows: [], numAffectedRows: BigInt(await this.runner.$executeRaw(statement)) };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not available through Prisma");
  }
}

class PrismaDriver implements Driver {
  private readonly connection: PrismaConnection;
  constructor(runner: PrismaRunner) {
    this.connection = new PrismaConnection(runner);
  }
  async init() {}
  async acquireConnection() {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    // Prisma's interactive transactions own the connection: open one with $transaction and use sqlIn(tx).
    throw new Error("open the transaction with Prisma's $transaction and build in it with sqlIn(tx)");
  }
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

function dialectWith(dialect: SqlDialect, driver: () => Driver, marked = false): Dialect {
  return {
    createAdapter: () => dialect.adapter(),
    createDriver: driver,
    createIntrospector: (db) => dialect.introspector(db),
    createQueryCompiler: () => (marked ? dialect.markedCompiler() : dialect.compiler()),
  };
}

const onPrisma = new WeakMap<object, SqlDb>();

/** Kysely on Prisma's connection or transaction `runner`. */
export function sqlIn(runner: PrismaRunner, provider: DbProvider): SqlDb {
  let found = onPrisma.get(runner);
  if (!found) {
    found = new Kysely<Tables>({ dialect: dialectWith(dialectOf(provider), () => new PrismaDriver(runner), true) });
    onPrisma.set(runner, found);
  }
  return found;
}

/** Kysely on the database's Prisma connection. */
export const sqlOf = (database: Database): SqlDb => sqlIn(database.db, database.provider);

const builders = new Map<DbProvider, SqlDb>();

/** A Kysely that only compiles (`.compile()`), for statements run through rowsOf or a prepared statement. */
export function builderFor(provider: DbProvider): SqlDb {
  let found = builders.get(provider);
  if (!found) {
    found = new Kysely<Tables>({ dialect: dialectWith(dialectOf(provider), () => new DummyDriver()) });
    builders.set(provider, found);
  }
  return found;
}

const direct = new WeakMap<object, { reader?: SqlDb; writer?: SqlDb }>();

function directOf(database: Database, role: "reader" | "writer"): SqlDb {
  let entry = direct.get(database);
  if (!entry) direct.set(database, (entry = {}));
  let found = entry[role];
  if (!found) {
    const connection = role === "reader" ? database.sqliteReader : database.sqlite;
    const dialect = connection
      ? new SqliteDialect({ database: async () => connection() })
      : new PostgresDialect({ pool: async () => postgresPool(database) });
    found = entry[role] = new Kysely<Tables>({ dialect });
  }
  return found;
}

function postgresPool(database: Database) {
  if (!database.postgres) throw new Error(`no direct ${database.provider} connection`);
  return database.postgres();
}

/** Kysely on the direct connection for long reads (SQLite's query-only reader, or the pg pool). */
export const readerOf = (database: Database): SqlDb => directOf(database, "reader");
/** Kysely on the direct connection of the bulk write path (SQLite's ingest connection, or the pg pool). */
export const writerOf = (database: Database): SqlDb => directOf(database, "writer");

const STATEMENT_CACHE = 256;
const statements = new WeakMap<Sqlite.Database, Map<string, Sqlite.Statement>>();

/** A statement of `connection` prepared once per text (a page's text repeats: only its values change). */
export function preparedOf(connection: Sqlite.Database, text: string): Sqlite.Statement {
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) {
    if (cache.size >= STATEMENT_CACHE) cache.clear();
    statement = connection.prepare(text);
    if (statement.reader) statement.raw(true);
    cache.set(text, statement);
  }
  return statement;
}

/** The rows of a compiled SELECT as arrays in select-list order, read on the direct `reader` or `writer`
 *  connection: no object per row and, on SQLite, no prepare per page. */
export async function rowsOf(
  database: Database,
  compiled: CompiledQuery,
  role: "reader" | "writer" = "reader",
): Promise<unknown[][]> {
  const connection = role === "reader" ? database.sqliteReader : database.sqlite;
  if (connection) return preparedOf(connection(), compiled.sql).all(...compiled.parameters) as unknown[][];
  const result = await postgresPool(database).query({
    text: compiled.sql,
    values: compiled.parameters as unknown[],
    rowMode: "array",
  });
  return result.rows;
}
