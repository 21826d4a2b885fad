// Who may open what, asked of the running server (never by calling functions): every role × every page, API
// route and server action, written as tables. Then a team lead's attempts at other teams'
// users, keys, events and exports by ID (IDOR). Roles: the demo admin, auditor and lead; signed out; and two
// users created here who sign in and are then disabled (consoleAccess false) or deleted (deletedAt set) while
// their session cookie is still in the browser: the server re-reads the user on every request.
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signIn } from "./sign-in";

/** Signed in and on the Overview, whose first render may take a while on a loaded machine. */
async function signInAndWait(page: import("@playwright/test").Page, userName: string) {
  await signIn(page, userName);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible({ timeout: 60_000 });
}

type Role = "admin" | "auditor" | "lead" | "signedOut" | "disabled" | "deleted";
const ROLES: Role[] = ["admin", "auditor", "lead", "signedOut", "disabled", "deleted"];

/** ok: 200 · deny: 403 · login: sent to /login · 401: API refuses an unauthenticated caller · 404: not found, for
 *  every caller · verify: 403 until identity verification · skip: not exercised here (it would change state other
 *  specs rely on). */
type Outcome = "ok" | "deny" | "login" | "401" | "404" | "verify" | "skip";
const o = (s: string): Record<Role, Outcome> => {
  const cells = s.trim().split(/\s+/) as Outcome[];
  return Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) as Record<Role, Outcome>;
};

// Filled in with real IDs from the database before the table is checked.
const ids = { key: "", service: "", user: "" };

//                                                            admin   auditor lead    out     disabled deleted
const PAGES: [string, () => string, Record<Role, Outcome>][] = [
  ["Overview", () => "/", /*                                */ o("ok      ok      ok      login   login    login")],
  ["Operation records", () => "/operation-records", /*      */ o("ok      ok      ok      login   login    login")],
  ["Import log files", () => "/operation-records/import", /**/ o("ok      deny    deny    login   login    login")],
  ["AccessKeys", () => "/access-keys", /*                   */ o("ok      ok      ok      login   login    login")],
  ["AccessKey audit", () => `/access-keys/audit?key=${ids.key}`, o("ok    ok      ok      login   login    login")],
  ["Users & keys", () => "/users", /*                       */ o("ok      ok      deny    login   login    login")],
  ["A user", () => `/users/${ids.user}`, /*                 */ o("ok      ok      deny    login   login    login")],
  ["Credential report", () => "/credential-report", /*      */ o("ok      ok      deny    login   login    login")],
  ["Settings", () => "/settings", /*                        */ o("ok      deny    deny    login   login    login")],
  ["Password policy", () => "/settings/password-policy", /* */ o("ok      deny    deny    login   login    login")],
  ["Event integrity", () => "/settings/integrity", /*       */ o("ok      deny    deny    login   login    login")],
];

// Pages added alongside this table: checked when they exist in the build (a 404 for every role means absent).
const NEWER_PAGES: [string, () => string, Record<Role, Outcome>][] = [
  ["Groups", () => "/users/groups", /*                      */ o("ok      ok      deny    login   login    login")],
  ["Recycle bin", () => "/users/recycle-bin", /*            */ o("ok      ok      deny    login   login    login")],
  ["New user", () => "/users/new", /*                       */ o("ok      deny    deny    login   login    login")],
  ["Account security", () => "/account/security", /*       */ o("ok      ok      ok      login   login    login")],
  ["Alarms", () => "/alarms", /*                            */ o("ok      ok      deny    login   login    login")],
  ["Message center", () => "/messages", /*                  */ o("ok      ok      ok      login   login    login")],
  ["Alarm policies", () => "/settings/alarms", /*           */ o("ok      deny    deny    login   login    login")],
  ["Tracking sets", () => "/settings/tracking-sets", /*     */ o("ok      deny    deny    login   login    login")],
  ["Connections", () => "/settings/connections", /*         */ o("ok      ok      deny    login   login    login")],
  ["Add connection", () => "/settings/connections/new", /*  */ o("ok      deny    deny    login   login    login")],
];

//                                                                      admin   auditor lead    out     disabled deleted
const APIS: [string, "GET" | "POST", () => string, Record<Role, Outcome>][] = [
  [
    "Query events",
    "GET",
    () => "/api/v1/events?limit=1",
    /*           */ o("ok      ok      ok      401     401      401"),
  ],
  [
    "Export events",
    "GET",
    () => "/api/v1/events/export?format=jsonl&range=1h",
    o("ok ok   ok      401     401      401"),
  ],
  [
    "Key audit",
    "GET",
    () => `/api/v1/access-keys/${ids.key}/audit`,
    /**/ o("ok      ok      ok      401     401      401"),
  ],
  [
    "Key audit list",
    "GET",
    () => `/api/v1/access-keys/${ids.key}/audit/services/${ids.service}/events`,
    o("ok ok ok 401 401 401"),
  ],
  ["Download credential report", "GET", () => "/api/v1/credential-report", o("verify verify deny 401    401      401")],
  [
    "Generate credential report",
    "POST",
    () => "/api/v1/credential-report",
    o("skip skip  deny    401     401      401"),
  ],
  // Ingest takes signed requests only: a console session, even an administrator's, is not a signature.
  [
    "Ingest events",
    "POST",
    () => "/api/v1/events",
    /*                */ o("401     401     401     401     401      401"),
  ],
  // Decided before the body is read: an empty upload would only be refused as malformed, so the admin cell is skipped.
  [
    "Upload log files",
    "POST",
    () => "/api/v1/imports",
    /*            */ o("skip    deny    deny    401     401      401"),
  ],
  // The push receiver opens to its connection's secret alone (lib/api/push-door.ts): a session, even an
  // administrator's, is no secret, and a token no connection has is simply not found.
  [
    "Push delivery",
    "POST",
    () => "/api/v1/push/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    /*            */ o("404     404     404     404     404      404"),
  ],
  // Connections: auditors read, administrators change (their cells skipped: a change here would touch other specs).
  ["List connections", "GET", () => "/api/v1/connections", o("ok ok deny 401 401 401")],
  ["A connection", "GET", () => "/api/v1/connections/no-such", o("skip skip deny 401 401 401")],
  ["Add a connection", "POST", () => "/api/v1/connections", o("skip deny deny 401 401 401")],
  ["Backfill a connection", "POST", () => "/api/v1/connections/no-such/backfill", o("skip deny deny 401 401 401")],
  ["Rotate a push secret", "POST", () => "/api/v1/connections/no-such/rotate-secret", o("skip deny deny 401 401 401")],
];

async function check(
  request: APIRequestContext,
  method: "GET" | "POST",
  url: string,
  expected: Outcome,
  label: string,
) {
  if (expected === "skip") return;
  const response =
    method === "GET"
      ? await request.get(url, { maxRedirects: 0 })
      : await request.post(url, {
          maxRedirects: 0,
          data: method === "POST" && url.endsWith("/events") ? { events: [] } : undefined,
        });
  const status = response.status();
  switch (expected) {
    case "ok":
      expect(status, label).toBe(200);
      break;
    case "deny":
      expect(status, label).toBe(403);
      break;
    case "401":
      expect(status, label).toBe(401);
      break;
    case "404":
      expect(status, label).toBe(404);
      break;
    case "login":
      expect([302, 303, 307], `${label}: ${status}`).toContain(status);
      expect(new URL(response.headers()["location"], "http://x").pathname, label).toBe("/login");
      break;
    case "verify":
      expect(status, label).toBe(403);
      expect((await response.json()).error, label).toMatch(/Verify your identity/);
      break;
  }
  if (expected === "deny" && url.startsWith("/api/"))
    expect((await response.json()).error, label).not.toMatch(/Verify your identity/);
}

/** A console user made for this test with the demo password, signed in; then `change` applied in the database. */
async function signedInThenChanged(
  browser: Browser,
  userName: string,
  change: { consoleAccess?: boolean; deletedAt?: Date },
) {
  const db = e2eDatabase().db;
  const auditor = await db.user.findUniqueOrThrow({ where: { userName: "auditor" } });
  await db.user.deleteMany({ where: { userName } });
  const user = await db.user.create({
    data: {
      accountId: auditor.accountId,
      userName,
      principalId: `${userName}-${Date.now()}`,
      displayName: userName,
      userType: "RAMUser",
      consoleRole: "Auditor",
      consoleAccess: true,
      passwordHash: auditor.passwordHash,
      passwordChangedAt: auditor.passwordChangedAt ?? new Date(),
    },
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, userName);
  expect((await context.request.get("/users", { maxRedirects: 0 })).status(), `${userName} before the change`).toBe(
    200,
  );
  await db.user.update({ where: { id: user.id }, data: change });
  return { context, id: user.id };
}

const created: number[] = [];
const contexts: Partial<Record<Role, BrowserContext>> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000); // five sign-ins, each a deliberate argon2 hash
  const db = e2eDatabase().db;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (
    await db.groupMembership.findMany({
      where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } },
    })
  ).map((m) => m.userId);
  // A key every role may audit (the lead's team's), so the table shows the role rule, not the scope rule.
  const key = await db.accessKey.findFirstOrThrow({
    where: { userId: { in: team }, lastUsedAt: { not: null }, lastUsedService: { not: null } },
  });
  Object.assign(ids, { key: key.accessKeyId, service: key.lastUsedService!, user: "admin" });

  for (const role of ["admin", "auditor", "lead"] as const) {
    contexts[role] = await browser.newContext();
    await signInAndWait(await contexts[role]!.newPage(), role);
  }
  contexts.signedOut = await browser.newContext();
  const disabled = await signedInThenChanged(browser, "e2e-disabled-auditor", { consoleAccess: false });
  const deleted = await signedInThenChanged(browser, "e2e-deleted-auditor", { deletedAt: new Date() });
  contexts.disabled = disabled.context;
  contexts.deleted = deleted.context;
  created.push(disabled.id, deleted.id);
});

test.afterAll(async () => {
  for (const context of Object.values(contexts)) await context?.close();
  // Events they caused keep their userId (not a foreign key): the users themselves can go.
  await e2eDatabase().db.user.deleteMany({ where: { id: { in: created } } });
});

for (const role of ROLES) {
  test(`${role}: every page and API route answers as the table says`, async () => {
    const request = contexts[role]!.request;
    for (const [name, path, expected] of PAGES)
      await check(request, "GET", path(), expected[role], `${role} → ${name} (${path()})`);
    for (const [name, path, expected] of NEWER_PAGES) {
      // Present in this build? An administrator answers 200 for each of them when it is.
      if ((await contexts.admin!.request.get(path(), { maxRedirects: 0 })).status() === 404) continue;
      await check(request, "GET", path(), expected[role], `${role} → ${name} (${path()})`);
    }
    for (const [name, method, path, expected] of APIS)
      await check(request, method, path(), expected[role], `${role} → ${method} ${name} (${path()})`);
  });
}

test("a team lead's requests for other teams' users, keys, events and exports by ID find nothing", async () => {
  const db = e2eDatabase().db;
  const request = contexts.lead!.request;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (
    await db.groupMembership.findMany({
      where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } },
    })
  ).map((m) => m.userId);
  const outsider = await db.user.findFirstOrThrow({
    where: { id: { notIn: team }, deletedAt: null, accessKeys: { some: { lastUsedAt: { not: null } } } },
  });
  const outsideKey = await db.accessKey.findFirstOrThrow({ where: { userId: outsider.id, lastUsedAt: { not: null } } });
  const outsideEvent = await db.event.findFirstOrThrow({
    where: { userId: { notIn: team, not: null } },
    orderBy: { eventTime: "desc" },
  });
  const insideEvent = await db.event.findFirstOrThrow({
    where: { userId: { in: team } },
    orderBy: { eventTime: "desc" },
  });

  // Events: the details panel by ID, the API and the export filtered to that ID.
  expect((await request.get(`/operation-records?event=${insideEvent.eventId}`)).status(), "own team's event").toBe(200);
  expect((await request.get(`/operation-records?event=${outsideEvent.eventId}`)).status(), "other team's event").toBe(
    404,
  );
  const since = new Date(outsideEvent.eventTime.getTime() - 60_000).toISOString();
  const until = new Date(outsideEvent.eventTime.getTime() + 60_000).toISOString();
  const query = `eventId=${outsideEvent.eventId}&from=${since}&to=${until}`;
  const listed = await request.get(`/api/v1/events?${query}`);
  expect(listed.status()).toBe(200);
  expect((await listed.json()).events).toEqual([]);
  const exported = await request.get(`/api/v1/events/export?format=jsonl&${query}`);
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toBe("");
  // The same queries as an administrator do find it: the lead's empty answers are the scope, not the filter.
  const adminListed = await contexts.admin!.request.get(`/api/v1/events?${query}`);
  expect((await adminListed.json()).events.map((e: { eventId: string }) => e.eventId)).toEqual([outsideEvent.eventId]);

  // Keys: the audit page and API answer 404, as for a key that does not exist; the inventory omits the key.
  expect((await request.get(`/access-keys/audit?key=${outsideKey.accessKeyId}`)).status()).toBe(404);
  expect((await request.get(`/api/v1/access-keys/${outsideKey.accessKeyId}/audit`)).status()).toBe(404);
  expect(
    (
      await request.get(
        `/api/v1/access-keys/${outsideKey.accessKeyId}/audit/services/${outsideKey.lastUsedService ?? "ecs"}/ips`,
      )
    ).status(),
  ).toBe(404);
  const inventory = await request.get(`/access-keys?owner=${encodeURIComponent(outsider.userName)}`);
  expect(inventory.status()).toBe(200);
  expect(await inventory.text()).not.toContain(outsideKey.accessKeyId);

  // Users: a team lead has no user pages at all, for any user.
  expect((await request.get(`/users/${encodeURIComponent(outsider.userName)}`, { maxRedirects: 0 })).status()).toBe(
    403,
  );
});

test("an administrator's server action replayed with a team lead's, an auditor's or a disabled user's cookies, or from another origin, changes nothing", async ({
  baseURL,
}) => {
  const db = e2eDatabase().db;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (
    await db.groupMembership.findMany({
      where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } },
    })
  ).map((m) => m.userId);
  const target = await db.accessKey.findFirstOrThrow({
    where: { status: "Active", deletedAt: null, userId: { in: team } },
  });
  const statusOf = async () => (await db.accessKey.findUniqueOrThrow({ where: { id: target.id } })).status;

  // Capture the real request the page makes when an administrator confirms "Disable", without letting it through.
  const page = await contexts.admin!.newPage();
  let captured: { headers: Record<string, string>; body: Buffer; url: string } | null = null;
  await page.route("**/access-keys**", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      captured = { headers: request.headers(), body: request.postDataBuffer()!, url: request.url() };
      await route.abort();
    } else await route.continue();
  });
  await page.goto(
    `/access-keys?owner=${encodeURIComponent((await db.user.findUniqueOrThrow({ where: { id: target.userId } })).userName)}`,
  );
  await page.getByRole("button", { name: `Disable ${target.accessKeyId}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable key" }).click();
  await expect.poll(() => captured !== null).toBe(true);
  await page.close();
  const action = captured!;
  expect(await statusOf()).toBe("Active");

  const replay = (request: APIRequestContext, origin = baseURL!) =>
    request.post(action.url, {
      maxRedirects: 0,
      headers: {
        "next-action": action.headers["next-action"],
        "content-type": action.headers["content-type"],
        accept: "text/x-component",
        origin,
      },
      data: action.body,
    });
  for (const role of ["lead", "auditor", "disabled", "deleted", "signedOut"] as const) {
    await replay(contexts[role]!.request);
    expect(await statusOf(), `${role} replaying the disable action`).toBe("Active");
  }
  // The origin check stays on: the administrator's own cookies from another site's page are refused.
  const crossSite = await replay(contexts.admin!.request, "https://evil.example");
  expect(crossSite.status()).toBeGreaterThanOrEqual(400);
  expect(await statusOf(), "cross-origin replay").toBe("Active");

  // The control: the same replay as the administrator does disable the key, so the refusals above are real.
  expect((await replay(contexts.admin!.request)).status()).toBe(200);
  await expect.poll(statusOf).toBe("Disabled");
  await db.accessKey.update({ where: { id: target.id }, data: { status: "Active", disabledAt: null } });
});

test("a disabled or deleted user is refused at sign-in too", async ({ page }) => {
  for (const userName of ["e2e-disabled-auditor", "e2e-deleted-auditor"]) {
    await signIn(page, userName);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toHaveCount(0);
  }
});

// Every server action through the door (lib/actions/client.ts), called as the browser calls it: a POST with the
// action's ID (from the build's server-reference manifest) and its argument as JSON. Each call sends an input
// the action refuses as invalid, so an allowed role proves the permission check passed (the refusal is recorded
// as ValidationError) without changing anything; a refused role's call is recorded as NoPermission under the
// action's own event name; a caller with no valid session is answered "Your session has ended" and nothing is
// recorded for them. "ran": the action has no input to refuse and runs (harmless; undone below where needed).
type ActionOutcome = "valid" | "ran" | "refused" | "ended" | "public";
const a = (s: string): Record<Role, ActionOutcome> => {
  const cells = s.trim().split(/\s+/) as ActionOutcome[];
  return Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) as Record<Role, ActionOutcome>;
};
const SIGNED_IN = /*             admin auditor lead   out   disabled deleted */ a(
  "valid valid   valid  ended ended    ended",
);
const READERS = /*                                                                */ a(
  "valid valid   refused ended ended  ended",
);
const ADMINISTRATORS = /*                                                         */ a(
  "valid refused refused ended ended  ended",
);
const RUNS_FOR_ADMINISTRATORS = /*                                                */ a(
  "ran   refused refused ended ended  ended",
);
const RUNS_FOR_EVERYONE = /*                                                      */ a(
  "ran   ran     ran     ended ended  ended",
);

/** [file, export, event name, the argument, outcome per role] */
const ACTIONS: [string, string, string, Record<string, unknown>, Record<Role, ActionOutcome>][] = [
  [
    "access-key-actions",
    "accessKeyAction",
    "UpdateAccessKey",
    { operation: "disable", accessKeyId: "not a key!" },
    ADMINISTRATORS,
  ],
  [
    "access-key-actions",
    "accessKeyIngestAction",
    "UpdateAccessKeyIngestPermission",
    { accessKeyId: "not a key!", allowed: "true" },
    ADMINISTRATORS,
  ],
  ["account-security-actions", "startMfaAction", "CreateVirtualMFADevice", {}, RUNS_FOR_EVERYONE],
  ["account-security-actions", "confirmMfaAction", "BindMFADevice", { code: "x" }, SIGNED_IN],
  ["account-security-actions", "unbindMfaAction", "UnbindMFADevice", { code: "x" }, SIGNED_IN],
  [
    "account-security-actions",
    "loginProtectionAction",
    "SetSecurityPreference",
    { loginProtection: "bogus" },
    SIGNED_IN,
  ],
  ["alarm-policy-actions", "createPolicyAction", "CreateAlarmPolicy", {}, ADMINISTRATORS],
  ["alarm-policy-actions", "importSigmaAction", "ImportSigmaRules", {}, ADMINISTRATORS],
  ["alarm-policy-actions", "setPolicyEnabledAction", "DisableAlarmPolicy", { policyId: "x" }, ADMINISTRATORS],
  ["alarm-policy-actions", "deletePolicyAction", "DeleteAlarmPolicy", { policyId: "x" }, ADMINISTRATORS],
  [
    "alarm-policy-actions",
    "setNotificationsAction",
    "UpdateAlarmPolicyNotifications",
    { policyId: "x" },
    ADMINISTRATORS,
  ],
  ["alarm-policy-actions", "runPolicyHistoryAction", "RunAlarmPolicyOverHistory", { policyId: "x" }, ADMINISTRATORS],
  ["change-password-action", "changePasswordAction", "ChangePassword", {}, SIGNED_IN],
  ["connection-actions", "createConnectionAction", "CreateConnection", {}, ADMINISTRATORS],
  ["connection-actions", "updateConnectionAction", "UpdateConnection", { connectionId: "x" }, ADMINISTRATORS],
  [
    "connection-actions",
    "setConnectionPausedAction",
    "PauseConnection",
    { connectionId: "x", paused: "true" },
    ADMINISTRATORS,
  ],
  ["connection-actions", "backfillConnectionAction", "StartConnectionBackfill", { connectionId: "x" }, ADMINISTRATORS],
  [
    "connection-actions",
    "rotateConnectionSecretAction",
    "RotateConnectionSecret",
    { connectionId: "x" },
    ADMINISTRATORS,
  ],
  ["connection-actions", "deleteConnectionAction", "DeleteConnection", { connectionId: "x" }, ADMINISTRATORS],
  ["credential-report-actions", "downloadReportAction", "GenerateCredentialReport", { format: "bogus" }, READERS],
  ["directory-actions", "createUserAction", "CreateUser", {}, ADMINISTRATORS],
  ["directory-actions", "updateUserAction", "UpdateUser", {}, ADMINISTRATORS],
  ["directory-actions", "resetPasswordAction", "UpdateLoginProfile", {}, ADMINISTRATORS],
  ["directory-actions", "userOperationAction", "DeleteUser", { operation: "delete" }, ADMINISTRATORS],
  [
    "directory-actions",
    "userProtectionAction",
    "UpdateUser",
    { userName: "admin", loginProtection: "bogus" },
    ADMINISTRATORS,
  ],
  ["directory-actions", "createAccessKeyAction", "CreateAccessKey", {}, ADMINISTRATORS],
  ["directory-actions", "groupAction", "CreateGroup", { operation: "create" }, ADMINISTRATORS],
  ["integrity-actions", "writeDigestAction", "WriteChainDigest", {}, RUNS_FOR_ADMINISTRATORS],
  ["integrity-actions", "verifyIntegrityAction", "VerifyEventIntegrity", {}, RUNS_FOR_ADMINISTRATORS],
  ["message-actions", "markMessageReadAction", "MarkMessageRead", { messageId: "x" }, SIGNED_IN],
  ["message-actions", "markAllMessagesReadAction", "MarkAllMessagesRead", {}, RUNS_FOR_EVERYONE],
  ["password-policy-action", "setPasswordPolicyAction", "SetPasswordPolicy", {}, ADMINISTRATORS],
  ["sign-in-action", "signInAction", "ConsoleSignin", {}, a("public public public public public public")],
  ["suggest-access-keys-action", "suggestAccessKeysAction", "SuggestAccessKeys", { prefix: "x" }, SIGNED_IN],
  ["tracking-set-actions", "createTrackingSetAction", "CreateTrackingSet", {}, ADMINISTRATORS],
  ["tracking-set-actions", "setTrackingSetEnabledAction", "StopTrackingSet", { setId: "x" }, ADMINISTRATORS],
  ["tracking-set-actions", "deleteTrackingSetAction", "DeleteTrackingSet", { setId: "x" }, ADMINISTRATORS],
  ["tracking-set-actions", "retryDeadLetterAction", "RetryDeadLetter", { deadLetterId: "x" }, ADMINISTRATORS],
  ["tracking-set-actions", "startHistoricalDeliveryAction", "StartHistoricalDelivery", { setId: "x" }, ADMINISTRATORS],
  // Signing out is called last for each role, in the test below: it ends the session.
  ["sign-out-action", "signOutAction", "ConsoleSignout", {}, a("public public public public public public")],
];

const USER_NAMES: Partial<Record<Role, string>> = {
  admin: "admin",
  auditor: "auditor",
  lead: "lead",
  disabled: "e2e-disabled-auditor",
  deleted: "e2e-deleted-auditor",
};

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

/** Each action's ID and a page that serves it, from the build the server runs. */
function actionIds(): Map<string, { id: string; path: string }> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const found = new Map<string, { id: string; path: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const file = entry.filename?.match(/^lib\/actions\/(.+)\.ts$/)?.[1];
    if (!file || !entry.exportedName) continue;
    const worker = Object.keys(entry.workers)[0];
    // app/(console)/users/[userName]/page → /users/admin
    const path = `/${worker
      .replace(/^app\//, "")
      .replace(/\/?page$/, "")
      .split("/")
      .filter((p) => !/^\(.*\)$/.test(p))
      .map((p) => (p.startsWith("[") ? "admin" : p))
      .join("/")}`;
    found.set(`${file}#${entry.exportedName}`, { id, path });
  }
  return found;
}

async function callAction(
  request: APIRequestContext,
  baseURL: string,
  action: { id: string; path: string },
  argument: Record<string, unknown>,
) {
  const response = await request.post(action.path, {
    maxRedirects: 0,
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseURL,
    },
    data: JSON.stringify([argument]),
  });
  return { status: response.status(), text: await response.text() };
}

test("every server action is in the table, and each role × action is allowed or refused as it says, each refusal recorded under the action's name", async ({
  baseURL,
}) => {
  test.setTimeout(300_000);
  const db = e2eDatabase().db;
  const ids = actionIds();
  // The table covers every action the build has: a new action must be added here.
  expect([...ids.keys()].sort()).toEqual(ACTIONS.map(([file, name]) => `${file}#${name}`).sort());

  // What the "ran" rows change, put back afterwards: pending MFA secrets and unread messages.
  const users = await db.user.findMany({
    where: { userName: { in: ["admin", "auditor", "lead"] } },
    select: { id: true, mfaSecret: true },
  });
  const unread = await db.message.findMany({ where: { readAt: null }, select: { id: true } });
  try {
    for (const role of ROLES) {
      for (const [file, name, eventName, argument, outcomes] of ACTIONS) {
        const expected = outcomes[role];
        const label = `${role} → ${file}#${name}`;
        const before = (await db.event.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
        const answer = await callAction(contexts[role]!.request, baseURL!, ids.get(`${file}#${name}`)!, argument);
        const userName = USER_NAMES[role];
        const recorded = userName
          ? await db.event.findMany({
              where: { seq: { gt: before }, userName, eventName },
              select: { errorCode: true },
            })
          : [];
        switch (expected) {
          case "valid":
            expect(answer.status, label).toBe(200);
            expect(
              recorded.map((e) => e.errorCode),
              label,
            ).toEqual(["ValidationError"]);
            break;
          case "ran":
            expect(answer.status, label).toBe(200);
            expect(answer.text, label).not.toMatch(/may do this|session has ended/);
            expect(
              recorded.filter((e) => e.errorCode !== null),
              label,
            ).toEqual([]);
            break;
          case "refused":
            expect(answer.status, label).toBe(200);
            expect(answer.text, label).toMatch(/Only administrators( and auditors)? may do this\./);
            expect(
              recorded.map((e) => e.errorCode),
              label,
            ).toEqual(["NoPermission"]);
            break;
          case "ended":
            // Signed out: the proxy sends the request to /login; a disabled or deleted user's session: the door answers.
            if (role === "signedOut") expect(answer.status, label).toBe(307);
            else expect(answer.text, label).toContain("Your session has ended: sign in again.");
            expect(recorded, label).toEqual([]);
            break;
          case "public":
            if (name === "signInAction") expect(answer.text, label).toContain("Enter your user name.");
            break;
        }
      }
    }
  } finally {
    for (const user of users) await db.user.update({ where: { id: user.id }, data: { mfaSecret: user.mfaSecret } });
    await db.message.updateMany({ where: { id: { in: unread.map((m) => m.id) } }, data: { readAt: null } });
  }
  // Signing out through the door recorded ConsoleSignout for each signed-in role, and ended their sessions.
  for (const role of ["admin", "auditor", "lead"] as const) {
    expect(
      await db.event.count({ where: { eventName: "ConsoleSignout", userName: role, errorCode: null } }),
      role,
    ).toBeGreaterThanOrEqual(1);
    expect((await contexts[role]!.request.get("/", { maxRedirects: 0 })).status(), `${role} after signing out`).toBe(
      307,
    );
  }
});

test("a user who must change their password is refused every action but changing it, and the refusal is recorded", async ({
  browser,
  baseURL,
}) => {
  const db = e2eDatabase().db;
  const admin = await db.user.findUniqueOrThrow({ where: { userName: "admin" } });
  const userName = "e2e-must-change-admin";
  await db.user.deleteMany({ where: { userName } });
  const user = await db.user.create({
    data: {
      accountId: admin.accountId,
      userName,
      principalId: `${userName}-${Date.now()}`,
      displayName: userName,
      userType: "SubUser",
      consoleRole: "Administrator",
      consoleAccess: true,
      passwordHash: admin.passwordHash,
      passwordChangedAt: new Date(),
      mustChangePassword: true,
    },
  });
  created.push(user.id);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, userName);
  await expect(page).toHaveURL(/\/account\/password$/);

  const ids = actionIds();
  const policy = await db.alarmPolicy.findFirstOrThrow({ where: { enabled: true } });
  const before = (await db.event.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
  const answer = await callAction(context.request, baseURL!, ids.get("alarm-policy-actions#setPolicyEnabledAction")!, {
    policyId: String(policy.id),
    enabled: "false",
  });
  expect(answer.text).toContain("Change your password before you continue");
  expect((await db.alarmPolicy.findUniqueOrThrow({ where: { id: policy.id } })).enabled).toBe(true);
  const refusals = await db.event.findMany({
    where: { seq: { gt: before }, userName },
    select: { eventName: true, errorCode: true },
  });
  expect(refusals).toEqual([{ eventName: "DisableAlarmPolicy", errorCode: "PasswordChangeRequired" }]);

  // Changing the password goes through: here refused only for the wrong current password, as anyone would be.
  const change = await callAction(context.request, baseURL!, ids.get("change-password-action#changePasswordAction")!, {
    currentPassword: "wrong",
    newPassword: "x",
    confirmPassword: "x",
  });
  expect(change.text).toContain("The current password is not correct.");
  await context.close();
});
