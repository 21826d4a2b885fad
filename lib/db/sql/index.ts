// Hand-written SQL: one builder (Kysely) over both databases, dialect differences in ./dialect.ts.
export {
  dialectOf,
  postgresSql,
  sqliteSql,
  sqliteTime,
  unnestRows,
  type SqlDialect,
  type TypedColumn,
} from "./dialect";
export {
  builderFor,
  preparedOf,
  readerOf,
  rowsOf,
  sqlIn,
  sqlOf,
  writerOf,
  type PrismaRunner,
  type SqlDb,
} from "./kysely";
export type * from "./schema";
