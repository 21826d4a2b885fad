// Hand-written SQL: one builder (Kysely) over both databases, dialect differences in ./dialect.ts.
export { dialectOf, postgresSql, sqliteSql, sqliteTime, type SqlDialect } from "./dialect";
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
