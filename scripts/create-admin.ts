// `npm run create-admin -- --user-name <name> [--account-name <organisation>] [--display-name <name>]`
// For a console started without demo data (KEYTRAIL_DEMO=0): create the account if there is none, and an
// Administrator. The password comes from KEYTRAIL_ADMIN_PASSWORD, or is generated and printed this once
// (and must then be changed at first sign-in).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createDatabase } from "@/lib/db/client";
import { createAdministrator } from "@/lib/directory/create-administrator";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";

const { values } = parseArgs({
  options: {
    "user-name": { type: "string" },
    "display-name": { type: "string" },
    "account-name": { type: "string" },
  },
});
if (!values["user-name"]) {
  console.error(
    "Usage: npm run create-admin -- --user-name <name> [--account-name <organisation>] [--display-name <name>]",
  );
  process.exit(2);
}
const given = process.env.KEYTRAIL_ADMIN_PASSWORD;
const password = given ?? randomBytes(15).toString("base64url");

const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  const result = await createAdministrator(database, {
    userName: values["user-name"].trim(),
    displayName: values["display-name"],
    accountName: values["account-name"],
    password,
    mustChangePassword: given === undefined,
  });
  if (!result.ok) {
    console.error(result.message);
    process.exitCode = 1;
  } else {
    console.log(
      `Created administrator "${values["user-name"].trim()}" in account ${result.accountName} (${result.accountId}).`,
    );
    if (given === undefined) console.log(`Initial password (shown once; change it at first sign-in): ${password}`);
  }
} finally {
  await database.db.$disconnect();
}
