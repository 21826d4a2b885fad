// The first administrator of a console started without demo data: the account (when there is none) and an
// Administrator, in one transaction, recorded as a CreateUser event.
import { randomInt, randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { consoleEvent } from "@/lib/domain/console-event";
import type { Database } from "@/lib/db/client";
import { userResource } from "./directory-events";
import { ingestEvents } from "@/lib/db/ingest-events";

export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

export type CreateAdministratorResult =
  { ok: true; accountName: string; accountId: string } | { ok: false; message: string };

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}

export async function createAdministrator(
  database: Database,
  input: {
    userName: string;
    password: string;
    displayName?: string;
    accountName?: string;
    mustChangePassword: boolean;
  },
): Promise<CreateAdministratorResult> {
  const { db } = database;
  if (!USER_NAME_PATTERN.test(input.userName)) {
    return { ok: false, message: "The user name: 1-64 letters, digits, '.', '_', '@' or '-'." };
  }
  if (input.password.length < MIN_ADMIN_PASSWORD_LENGTH) {
    return { ok: false, message: `The password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters.` };
  }
  if (await db.user.findUnique({ where: { userName: input.userName } })) {
    return { ok: false, message: `A user named "${input.userName}" already exists.` };
  }
  const existing = await db.account.findFirst({ orderBy: { id: "asc" } });
  const accountName = input.accountName?.trim();
  if (!existing && !accountName) {
    return { ok: false, message: "There is no account yet: give its name with --account-name <organisation>." };
  }
  const passwordHash = await hashPassword(input.password);
  const account = await db.$transaction(async (tx) => {
    const account =
      existing ?? (await tx.account.create({ data: { accountId: randomDigits(13), name: accountName! } }));
    await tx.user.create({
      data: {
        accountId: account.id,
        userName: input.userName,
        principalId: randomDigits(16),
        displayName: input.displayName?.trim() || input.userName,
        userType: "SubUser",
        consoleRole: "Administrator",
        consoleAccess: true,
        passwordHash,
        passwordChangedAt: new Date(),
        mustChangePassword: input.mustChangePassword,
      },
    });
    return account;
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
      resources: [userResource(input.userName)],
      requestParameters: {
        UserName: input.userName,
        UserType: "SubUser",
        ConsoleRole: "Administrator",
        ConsoleAccess: true,
      },
    }),
  ]);
  return { ok: true, accountName: account.name, accountId: account.accountId };
}
