// `npm run grant-ingest -- --access-key-id <id> --as <administrator> [--revoke]`
// Allows (or with --revoke forbids) one AccessKey to send events to POST /api/v1/events, recorded as an
// UpdateAccessKeyIngestPermission event by the named administrator, as if they had done it in the console.
import { parseArgs } from "node:util";
import { setAccessKeyIngest } from "@/lib/access-keys/access-key-ingest";
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";

const USAGE = "Usage: npm run grant-ingest -- --access-key-id <AccessKey ID> --as <administrator user name> [--revoke]";
const { values } = parseArgs({
  options: { "access-key-id": { type: "string" }, as: { type: "string" }, revoke: { type: "boolean", default: false } },
});
const accessKeyId = values["access-key-id"]?.trim();
const adminName = values.as?.trim();
if (!accessKeyId || !adminName) {
  console.error(USAGE);
  process.exit(2);
}

const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  const admin = await database.db.user.findUnique({ where: { userName: adminName }, include: { account: true } });
  if (!admin || admin.deletedAt || !admin.consoleAccess || admin.consoleRole !== "Administrator") {
    console.error(`${adminName} is not an administrator with console access.`);
    process.exitCode = 1;
  } else {
    const actor = {
      id: admin.id,
      role: "Administrator" as const,
      userName: admin.userName,
      principalId: admin.principalId,
      userType: admin.userType,
      accountId: admin.account.accountId,
      accountDbId: admin.accountId,
    };
    const result = await setAccessKeyIngest(database, actor, accessKeyId, !values.revoke, {
      sourceIpAddress: null,
      userAgent: "keytrail-cli/grant-ingest",
    });
    if (result.ok) console.log(result.message);
    else {
      console.error(result.error);
      process.exitCode = 1;
    }
  }
} finally {
  await database.db.$disconnect();
}
