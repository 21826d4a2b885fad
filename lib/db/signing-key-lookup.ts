// The AccessKey a signed API request names, with its owner and account: one indexed statement on the direct
// connection (better-sqlite3 or pg), not Prisma's three queries. Every ingest and query API call makes this
// look-up, and under load Prisma's compile and parameter handling for it cost more than the look-up itself.
// No caching: a key disabled or deleted a moment ago, or an owner whose console access was just turned off, must
// be refused on its next request.
import type Sqlite from "better-sqlite3";
import type { Database } from "./client";

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

const LOOKUP = `SELECT k."accessKeyId", k."status", k."deletedAt" IS NOT NULL AS "deleted", k."secretEncrypted", k."mayIngest",
    u."userName", u."principalId", u."userType", u."deletedAt" IS NOT NULL AS "ownerDeleted", a."accountId", a."id" AS "accountDbId",
    u."id" AS "ownerId", u."consoleAccess" AS "ownerConsoleAccess", u."consoleRole" AS "ownerConsoleRole",
    u."mustChangePassword" AS "ownerMustChangePassword"
  FROM "AccessKey" k JOIN "User" u ON u."id" = k."userId" JOIN "Account" a ON a."id" = u."accountId"
  WHERE k."accessKeyId" = `;

const prepared = new WeakMap<Sqlite.Database, Sqlite.Statement>();

type Flag = "deleted" | "ownerDeleted" | "mayIngest" | "ownerConsoleAccess" | "ownerMustChangePassword";
type RawRow = Omit<SigningKeyRow, Flag> & Record<Flag, boolean | number>;

export async function findSigningKey(database: Database, accessKeyId: string): Promise<SigningKeyRow | null> {
  let row: RawRow | undefined;
  if (database.sqlite) {
    const connection = database.sqlite();
    let statement = prepared.get(connection);
    if (!statement) prepared.set(connection, (statement = connection.prepare(`${LOOKUP}?`)));
    row = statement.get(accessKeyId) as RawRow | undefined;
  } else if (database.postgres) {
    row = (await database.postgres().query<RawRow>(`${LOOKUP}$1`, [accessKeyId])).rows[0];
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
