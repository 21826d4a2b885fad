// `npm run create-admin -- --user-name <name> [--account-name <organisation>] [--display-name <name>]`
// For a console started without demo data (KEYTRAIL_DEMO=0): create the account if there is none, and an
// Administrator. The password comes from KEYTRAIL_ADMIN_PASSWORD, or is generated and printed this once.
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { hashPassword } from "@/lib/auth/password";
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { ingestEvents } from "@/lib/db/ingest-events";
import { migrateDatabase } from "@/lib/db/migrate";
import { consoleEvent } from "@/lib/domain/console-event";

const { values } = parseArgs({
  options: {
    "user-name": { type: "string" },
    "display-name": { type: "string" },
    "account-name": { type: "string" },
  },
});
const userName = values["user-name"]?.trim();
if (!userName || !/^[A-Za-z0-9._@-]{1,64}$/.test(userName)) {
  console.error("Usage: npm run create-admin -- --user-name <name> [--account-name <organisation>]");
  console.error("The user name: 1-64 letters, digits, '.', '_', '@' or '-'.");
  process.exit(2);
}
const given = process.env.KEYTRAIL_ADMIN_PASSWORD;
if (given !== undefined && given.length < 12) {
  console.error("KEYTRAIL_ADMIN_PASSWORD must be at least 12 characters.");
  process.exit(2);
}
const password = given ?? randomBytes(15).toString("base64url");

const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
const { db } = database;
try {
  if (await db.user.findUnique({ where: { userName } })) {
    console.error(`A user named "${userName}" already exists.`);
    process.exit(1);
  }
  let account = await db.account.findFirst({ orderBy: { id: "asc" } });
  if (!account) {
    const name = values["account-name"]?.trim();
    if (!name) {
      console.error("There is no account yet: give its name with --account-name <organisation>.");
      process.exit(2);
    }
    const accountId = String(randomInt(1e12, 1e13 - 1)) + String(randomInt(0, 10));
    account = await db.account.create({ data: { accountId, name } });
  }
  const user = await db.user.create({
    data: {
      accountId: account.id,
      userName,
      principalId: String(randomInt(1e15, 1e16 - 1)),
      displayName: values["display-name"]?.trim() || userName,
      userType: "SubUser",
      consoleRole: "Administrator",
      consoleAccess: true,
      passwordHash: await hashPassword(password),
      passwordChangedAt: new Date(),
      mustChangePassword: given === undefined,
    },
  });
  await ingestEvents(database, [
    consoleEvent({
      eventId: randomUUID(),
      eventTime: new Date(),
      eventName: "CreateUser",
      readOnly: false,
      sensitive: true,
      accountId: account.accountId,
      actor: { userName: "keytrail-cli", principalId: null, userType: null, mfaUsed: null },
      meta: { sourceIpAddress: null, userAgent: "keytrail create-admin" },
      resources: [{ type: "User", name: userName }],
      requestParameters: { userName, userType: user.userType, consoleRole: "Administrator" },
    }),
  ]);
  console.log(`Created administrator "${userName}" in account ${account.name} (${account.accountId}).`);
  if (given === undefined) console.log(`Initial password (shown once, change it at first sign-in): ${password}`);
} finally {
  await db.$disconnect();
}
