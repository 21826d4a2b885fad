// The credential report's 4-hour rule on a real database with a controlled clock (same bytes before, a new
// report after), one generation for simultaneous requests, and the API's doors: verified sessions and signed
// administrators / auditors download; team leads, unverified sessions and strangers do not.
import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleDownloadReportRequest, handleGenerateReportRequest } from "@/lib/api/credential-report-request";
import { signRequest } from "@/lib/api/sign-request";
import { verificationToken } from "@/lib/auth/identity-verification";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { REPORT_REUSE_MS, reportState, requestCredentialReport } from "@/lib/credential-report/credential-reports";
import { TENCENT_COLUMNS } from "@/lib/domain/credential-report/columns";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const AUTH_SECRET = "report-test-secret";
const URL_BASE = "http://keytrail.test/api/v1/credential-report";
const SECRET = "report-secret-0123456789abcdefghij";
const ACCOUNT = "444444444444";
const T0 = new Date("2026-11-21T08:00:00.000Z");
type Role = "Administrator" | "Auditor" | "TeamLead";
const callers: Record<
  string,
  { id: number; userName: string; principalId: string; userType: string; role: Role; accountId: string }
> = {};
let accountDbId = 0;

async function makeUser(userName: string, consoleRole: Role | null, key?: string) {
  const user = await db.user.create({
    data: {
      accountId: accountDbId,
      userName,
      principalId: `p-${userName}`,
      displayName: userName,
      userType: "SubUser",
      consoleRole,
      consoleAccess: consoleRole !== null,
    },
  });
  if (consoleRole)
    callers[userName] = {
      id: user.id,
      userName,
      principalId: user.principalId,
      userType: "SubUser",
      role: consoleRole,
      accountId: ACCOUNT,
    };
  if (key) {
    await db.accessKey.create({
      data: {
        accessKeyId: key,
        userId: user.id,
        secretEncrypted: encryptSecret(SECRET, encryptionKey(env), secretContext.accessKey(key)),
        createdAt: new Date(T0.getTime() - 40 * 86_400_000),
      },
    });
  }
  return user;
}

async function download(format: string, caller: { session?: string; verified?: boolean; key?: string }, now = T0) {
  const url = `${URL_BASE}?format=${format}`;
  const headers = caller.key
    ? await signRequest({ url, method: "GET", body: "", accessKeyId: caller.key, secret: SECRET, now })
    : {};
  const session = caller.session ? callers[caller.session] : null;
  const response = await handleDownloadReportRequest(new Request(url, { headers }), database, {
    sessionUser: session,
    env,
    now,
    authSecret: AUTH_SECRET,
    verificationToken: session && caller.verified ? verificationToken(session.id, now, AUTH_SECRET) : undefined,
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  await resetDatabase(database);
  accountDbId = (await db.account.create({ data: { accountId: ACCOUNT, name: "Report Org" } })).id;
  await makeUser("admin", "Administrator", "LTAIREPORTADMIN00001");
  await makeUser("auditor", "Auditor", "LTAIREPORTAUDIT00001");
  await makeUser("lead", "TeamLead", "LTAIREPORTLEAD000001");
  await makeUser('zed, "the" tester', null);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the 4-hour rule", () => {
  beforeEach(async () => {
    await db.credentialReport.deleteMany();
  });

  it("returns the same report, byte for byte, within 4 hours and a new one after", async () => {
    expect((await reportState(database, accountDbId, T0)).state).toBe("NotPresent");
    expect((await download("tencent", { session: "admin", verified: true })).status).toBe(404);

    let clock = T0;
    const first = await requestCredentialReport(database, accountDbId, { now: () => clock });
    expect(first.generated).toBe(true);
    expect(first.report!.generatedAt.toISOString()).toBe(T0.toISOString());
    const before = await download("tencent", { session: "admin", verified: true });
    expect(before.status).toBe(200);
    const beforeAws = await download("aws", { session: "admin", verified: true });

    // Data changes; within 4 hours the report does not.
    const late = await makeUser("late-arrival", null);
    clock = new Date(T0.getTime() + REPORT_REUSE_MS - 1);
    const again = await requestCredentialReport(database, accountDbId, { now: () => clock });
    expect(again.generated).toBe(false);
    expect(again.report!.id).toBe(first.report!.id);
    expect(again.report!.generatedAt.toISOString()).toBe(T0.toISOString());
    expect((await download("tencent", { session: "admin", verified: true }, clock)).bytes.equals(before.bytes)).toBe(
      true,
    );
    expect((await download("aws", { session: "admin", verified: true }, clock)).bytes.equals(beforeAws.bytes)).toBe(
      true,
    );
    const state = await reportState(database, accountDbId, clock);
    expect(state).toMatchObject({
      state: "Complete",
      generatedAt: T0,
      nextPossibleAt: new Date(T0.getTime() + REPORT_REUSE_MS),
    });

    clock = new Date(T0.getTime() + REPORT_REUSE_MS);
    const next = await requestCredentialReport(database, accountDbId, { now: () => clock });
    expect(next.generated).toBe(true);
    expect(next.report!.generatedAt.toISOString()).toBe(clock.toISOString());
    const after = await download("tencent", { session: "admin", verified: true }, clock);
    expect(after.bytes.equals(before.bytes)).toBe(false);
    const userNames = (
      parse(after.bytes.toString("utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[]
    ).map((r) => r.Username);
    expect(userNames).toContain("late-arrival");
    expect(userNames).toContain('zed, "the" tester');
    await db.user.delete({ where: { id: late.id } });
  });

  it("generates once for simultaneous requests; the others get that same report", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        requestCredentialReport(database, accountDbId, { now: () => T0, waitMs: 20_000 }),
      ),
    );
    expect(outcomes.filter((o) => o.generated)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.report!.id)).size).toBe(1);
    expect(await db.credentialReport.count()).toBe(1);
    expect((await db.account.findUniqueOrThrow({ where: { id: accountDbId } })).reportClaimedAt).toBeNull();
  });

  it("without waiting, a request made while another generates is told the report is in progress", async () => {
    await db.account.update({ where: { id: accountDbId }, data: { reportClaimedAt: T0 } });
    await db.credentialReport.create({ data: { accountId: accountDbId, state: "InProgress", generatedAt: T0 } });
    const outcome = await requestCredentialReport(database, accountDbId, { now: () => new Date(T0.getTime() + 1000) });
    expect(outcome.report).toBeNull();
    expect(outcome.generated).toBe(false);
    if (!outcome.report) expect(outcome.state.state).toBe("InProgress");
    // A claim left by a process that died 10 minutes ago is taken over.
    const later = await requestCredentialReport(database, accountDbId, {
      now: () => new Date(T0.getTime() + 11 * 60_000),
    });
    expect(later.generated).toBe(true);
    await db.account.update({ where: { id: accountDbId }, data: { reportClaimedAt: null } });
  });
});

describe("the credential report API", () => {
  beforeAll(async () => {
    await db.credentialReport.deleteMany();
    await requestCredentialReport(database, accountDbId, { now: () => T0 });
  });

  it("downloads the Tencent layout with a BOM and the exact header, named after the account and generation time", async () => {
    const { status, headers, bytes } = await download("tencent", { session: "auditor", verified: true });
    expect(status).toBe(200);
    expect(headers.get("content-disposition")).toBe(
      `attachment; filename="credential-report-${ACCOUNT}-20261121T080000Z.csv"`,
    );
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const [header] = parse(bytes.toString("utf8").slice(1)) as string[][];
    expect(header).toEqual([...TENCENT_COLUMNS]);
  });

  it("lets a signed administrator or auditor download without a session, the AWS layout parsing as RFC 4180", async () => {
    const signed = await download("aws", { key: "LTAIREPORTAUDIT00001" });
    expect(signed.status).toBe(200);
    const rows = parse(signed.bytes.toString("utf8"), {
      columns: true,
      relax_quotes: false,
      relax_column_count: false,
    }) as Record<string, string>[];
    expect(rows.map((r) => r.user)).toContain("admin");
  });

  it("refuses an unverified session, a team lead, a signed team lead, no caller, and a bad format", async () => {
    expect((await download("tencent", { session: "admin" })).status).toBe(403);
    expect((await download("tencent", { session: "lead", verified: true })).status).toBe(403);
    expect((await download("tencent", { key: "LTAIREPORTLEAD000001" })).status).toBe(403);
    expect((await download("tencent", {})).status).toBe(401);
    expect((await download("xlsx", { session: "admin", verified: true })).status).toBe(400);
    // A verification is the user's own: another user's token does not open it.
    const url = `${URL_BASE}?format=tencent`;
    const response = await handleDownloadReportRequest(new Request(url), database, {
      sessionUser: callers.admin,
      env,
      now: T0,
      authSecret: AUTH_SECRET,
      verificationToken: verificationToken(callers.auditor.id, T0, AUTH_SECRET),
    });
    expect(response.status).toBe(403);
  });

  it("POST applies the 4-hour rule and answers the state; generating and downloading are recorded", async () => {
    const post = async (now: Date) => {
      const url = URL_BASE;
      const headers = await signRequest({
        url,
        method: "POST",
        body: "",
        accessKeyId: "LTAIREPORTADMIN00001",
        secret: SECRET,
        now,
      });
      const response = await handleGenerateReportRequest(new Request(url, { method: "POST", headers }), database, {
        env,
        now,
      });
      return { status: response.status, json: await response.json() };
    };
    const reused = await post(new Date(T0.getTime() + 3_600_000));
    expect(reused).toEqual({
      status: 200,
      json: {
        state: "Complete",
        generatedAt: T0.toISOString(),
        nextPossibleAt: new Date(T0.getTime() + REPORT_REUSE_MS).toISOString(),
      },
    });
    const fresh = await post(new Date(T0.getTime() + REPORT_REUSE_MS + 1));
    expect(fresh.status).toBe(201);
    expect(fresh.json.generatedAt).toBe(new Date(T0.getTime() + REPORT_REUSE_MS + 1).toISOString());
    const names = (
      await db.event.findMany({
        where: { eventName: { in: ["GenerateCredentialReport", "GetCredentialReport"] } },
        select: { eventName: true },
      })
    ).map((e) => e.eventName);
    expect(names.filter((n) => n === "GenerateCredentialReport")).toHaveLength(2);
    expect(names.filter((n) => n === "GetCredentialReport").length).toBeGreaterThanOrEqual(2);
  });
});
