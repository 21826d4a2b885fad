// The route door (lib/api/route-door.ts) against a real database, through the handlers that only it guards: the
// export and the unread-message count (sessions only), and the credential report for a signed auditor. What a
// user may do is read on every request, so a change to the user refuses at once, session or signature alike.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleGenerateReportRequest } from "@/lib/api/credential-report-request";
import { handleExportRequest } from "@/lib/api/export-request";
import { DOOR_ERRORS } from "@/lib/api/route-door";
import { signRequest } from "@/lib/api/sign-request";
import { handleUnreadMessagesRequest } from "@/lib/api/unread-messages-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const HOST = "http://keytrail.test";
const AUDITOR_KEY = "LTAIDOORAUDITOR00001";
const SECRET = "door-secret-0123456789abcdefghijk";
let auditor = 0;
let lead = 0;

const json = async (response: Response) => ({ status: response.status, json: await response.json() });
const setUser = (
  id: number,
  data: { consoleAccess?: boolean; deletedAt?: Date | null; mustChangePassword?: boolean },
) => db.user.update({ where: { id }, data });

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "555555555555", name: "Door Org" } });
  const make = (userName: string, consoleRole: string) =>
    db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "SubUser",
        consoleRole,
        consoleAccess: true,
      },
    });
  auditor = (await make("auditor", "Auditor")).id;
  lead = (await make("lead", "TeamLead")).id;
  await db.accessKey.create({
    data: {
      accessKeyId: AUDITOR_KEY,
      userId: auditor,
      secretEncrypted: encryptSecret(SECRET, encryptionKey(env), secretContext.accessKey(AUDITOR_KEY)),
    },
  });
  await db.message.create({ data: { userId: lead, title: "hello", body: "unread", severity: "Info" } });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("session-only handlers", () => {
  const exportUrl = `${HOST}/api/v1/events/export?format=jsonl&range=1h`;
  const unreadUrl = `${HOST}/api/v1/messages/unread`;

  it("answer a session, and refuse a missing one or a signed request with 401", async () => {
    expect(
      await json(await handleUnreadMessagesRequest(new Request(unreadUrl), database, { sessionUser: { id: lead } })),
    ).toEqual({ status: 200, json: { unread: 1 } });
    const exported = await handleExportRequest(new Request(exportUrl), database, { sessionUser: { id: lead } });
    expect(exported.status).toBe(200);
    await exported.text(); // the export is recorded once its stream has been read
    expect(await json(await handleExportRequest(new Request(exportUrl), database, {}))).toEqual({
      status: 401,
      json: { error: DOOR_ERRORS.signInConsole },
    });
    const headers = await signRequest({
      url: exportUrl,
      method: "GET",
      body: "",
      accessKeyId: AUDITOR_KEY,
      secret: SECRET,
    });
    expect(
      await json(
        await handleExportRequest(new Request(exportUrl, { headers }), database, { sessionUser: { id: auditor }, env }),
      ),
    ).toEqual({
      status: 401,
      json: { error: DOOR_ERRORS.sessionOnly },
    });
  });

  it("refuse a session whose user was disabled or deleted since with 401, and one that must change its password with 403", async () => {
    const exports = await db.event.count({ where: { eventName: "ExportEvents" } });
    await setUser(lead, { consoleAccess: false });
    expect(
      await json(await handleUnreadMessagesRequest(new Request(unreadUrl), database, { sessionUser: { id: lead } })),
    ).toEqual({ status: 401, json: { error: DOOR_ERRORS.noAccess } });
    expect((await handleExportRequest(new Request(exportUrl), database, { sessionUser: { id: lead } })).status).toBe(
      401,
    );
    await setUser(lead, { consoleAccess: true, deletedAt: new Date() });
    expect((await handleExportRequest(new Request(exportUrl), database, { sessionUser: { id: lead } })).status).toBe(
      401,
    );
    await setUser(lead, { deletedAt: null, mustChangePassword: true });
    expect(
      await json(await handleExportRequest(new Request(exportUrl), database, { sessionUser: { id: lead } })),
    ).toEqual({ status: 403, json: { error: DOOR_ERRORS.mustChangePassword } });
    await setUser(lead, { mustChangePassword: false });
    expect(await db.event.count({ where: { eventName: "ExportEvents" } })).toBe(exports);
  });

  it("refuse a bad format with the JSON error shape naming the parameter", async () => {
    expect(
      await json(
        await handleExportRequest(new Request(`${HOST}/api/v1/events/export?format=xml`), database, {
          sessionUser: { id: lead },
        }),
      ),
    ).toEqual({
      status: 400,
      json: { error: "format: must be csv or jsonl", parameter: "format" },
    });
  });
});

describe("a signed auditor", () => {
  const url = `${HOST}/api/v1/credential-report`;
  const generate = async () => {
    const headers = await signRequest({ url, method: "POST", body: "", accessKeyId: AUDITOR_KEY, secret: SECRET });
    return json(await handleGenerateReportRequest(new Request(url, { method: "POST", headers }), database, { env }));
  };

  it("is refused with 401 while their console access is disabled, and answered again once restored", async () => {
    await setUser(auditor, { consoleAccess: false });
    expect(await generate()).toEqual({ status: 401, json: { error: DOOR_ERRORS.ownerNoAccess } });
    expect(await db.event.count({ where: { eventName: "GenerateCredentialReport" } })).toBe(0);
    await setUser(auditor, { consoleAccess: true });
    expect((await generate()).status).toBe(201);
  });
});
