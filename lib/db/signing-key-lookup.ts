// The AccessKey a signed API request names, with its owner and account: one indexed statement on the direct
// connection (better-sqlite3 or pg), not Prisma's three queries. Every ingest and query API call makes this
// look-up, and under load Prisma's compile and parameter handling for it cost more than the look-up itself.
// No caching: a key disabled or deleted a moment ago, or an owner whose console access was just turned off, must
// be refused on its next request.
import type Sqlite from "better-sqlite3";
import type { Database } from "./client";
import type { DbProvider } from "./database-url";
import { builderFor } from "./sql";

export interface SigningKeyRow {
  accessKeyId: string;
  status: string;
  deleted: boolean;
  secretEncrypted: string;
  userName: string;
  principalId: string;
  userType: string;
  ownerDeleted: boolean;
  accountId: string;
  accountDbId: number;
  /** The key may sign POST /api/v1/events. */
  mayIngest: boolean;
  ownerId: number;
  ownerConsoleAccess: boolean;
  ownerConsoleRole: string | null;
  ownerMustChangePassword: boolean;
}

/** The look-up, compiled once per database: its one parameter is the key ID. */
function lookup(provider: DbProvider) {
  return builderFor(provider)
    .selectFrom("AccessKey as k")
    .innerJoin("User as u", "u.id", "k.userId")
    .innerJoin("Account as a", "a.id", "u.accountId")
    .select((eb) => [
      "k.accessKeyId",
      "k.status",
      eb("k.deletedAt", "is not", null).as("deleted"),
      "k.secretEncrypted",
      "k.mayIngest",
      "u.userName",
      "u.principalId",
      "u.userType",
      eb("u.deletedAt", "is not", null).as("ownerDeleted"),
      "a.accountId",
      "a.id as accountDbId",
      "u.id as ownerId",
      "u.consoleAccess as ownerConsoleAccess",
      "u.consoleRole as ownerConsoleRole",
      "u.mustChangePassword as ownerMustChangePassword",
    ])
    .where("k.accessKeyId", "=", "")
    .compile().sql;
}

const prepared = new WeakMap<Sqlite.Database, Sqlite.Statement>();
let postgresLookup: string | undefined;

type Flag = "deleted" | "ownerDeleted" | "mayIngest" | "ownerConsoleAccess" | "ownerMustChangePassword";
type RawRow = Omit<SigningKeyRow, Flag> & Record<Flag, boolean | number>;

export async function findSigningKey(database: Database, accessKeyId: string): Promise<SigningKeyRow | null> {
  let row: RawRow | undefined;
  if (database.sqlite) {
    const connection = database.sqlite();
    let statement = prepared.get(connection);
    if (!statement) prepared.set(connection, (statement = connection.prepare(lookup("sqlite"))));
    row = statement.get(accessKeyId) as RawRow | undefined;
  } else if (database.postgres) {
    row = (await database.postgres().query<RawRow>((postgresLookup ??= lookup("postgresql")), [accessKeyId])).rows[0];
  } else {
    throw new Error(`no direct ${database.provider} connection for the signing key look-up`);
  }
  // SQLite answers 0/1 for booleans; PostgreSQL true/false.
  if (!row) return null;
  return {
    ...row,
    ownerId: Number(row.ownerId),
    accountDbId: Number(row.accountDbId),
    deleted: Boolean(row.deleted),
    ownerDeleted: Boolean(row.ownerDeleted),
    mayIngest: Boolean(row.mayIngest),
    ownerConsoleAccess: Boolean(row.ownerConsoleAccess),
    ownerMustChangePassword: Boolean(row.ownerMustChangePassword),
  };
}
