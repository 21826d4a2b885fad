// Who may open what, asked of the running server (never by calling functions): every role × every page, API
// route and an administrator's server action, written as a table. Then a team lead's attempts at other teams'
// users, keys, events and exports by ID (IDOR). Roles: the demo admin, auditor and lead; signed out; and two
// users created here who sign in and are then disabled (consoleAccess false) or deleted (deletedAt set) while
// their session cookie is still in the browser: the server re-reads the user on every request.
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signIn, signInAndWait } from "./sign-in";

type Role = "admin" | "auditor" | "lead" | "signedOut" | "disabled" | "deleted";
const ROLES: Role[] = ["admin", "auditor", "lead", "signedOut", "disabled", "deleted"];

/** ok: 200 · deny: 403 · login: sent to /login · 401: API refuses an unauthenticated caller · verify: 403 until
 *  identity verification · skip: not exercised here (it would change state other specs rely on). */
type Outcome = "ok" | "deny" | "login" | "401" | "verify" | "skip";
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
];

//                                                                      admin   auditor lead    out     disabled deleted
const APIS: [string, "GET" | "POST", () => string, Record<Role, Outcome>][] = [
  ["Query events", "GET", () => "/api/v1/events?limit=1", /*           */ o("ok      ok      ok      401     401      401")],
  ["Export events", "GET", () => "/api/v1/events/export?format=jsonl&range=1h", o("ok ok   ok      401     401      401")],
  ["Key audit", "GET", () => `/api/v1/access-keys/${ids.key}/audit`, /**/ o("ok      ok      ok      401     401      401")],
  ["Key audit list", "GET", () => `/api/v1/access-keys/${ids.key}/audit/services/${ids.service}/events`, o("ok ok ok 401 401 401")],
  ["Download credential report", "GET", () => "/api/v1/credential-report", o("verify verify deny 401    401      401")],
  ["Generate credential report", "POST", () => "/api/v1/credential-report", o("skip skip  deny    401     401      401")],
  // Ingest takes signed requests only: a console session, even an administrator's, is not a signature.
  ["Ingest events", "POST", () => "/api/v1/events", /*                */ o("401     401     401     401     401      401")],
];

async function check(request: APIRequestContext, method: "GET" | "POST", url: string, expected: Outcome, label: string) {
  if (expected === "skip") return;
  const response = method === "GET"
    ? await request.get(url, { maxRedirects: 0 })
    : await request.post(url, { maxRedirects: 0, data: method === "POST" && url.endsWith("/events") ? { events: [] } : undefined });
  const status = response.status();
  switch (expected) {
    case "ok": expect(status, label).toBe(200); break;
    case "deny": expect(status, label).toBe(403); break;
    case "401": expect(status, label).toBe(401); break;
    case "login":
      expect([302, 303, 307], `${label}: ${status}`).toContain(status);
      expect(new URL(response.headers()["location"], "http://x").pathname, label).toBe("/login");
      break;
    case "verify":
      expect(status, label).toBe(403);
      expect((await response.json()).error, label).toMatch(/Verify your identity/);
      break;
  }
  if (expected === "deny" && url.startsWith("/api/")) expect((await response.json()).error, label).not.toMatch(/Verify your identity/);
}

/** A console user made for this test with the demo password, signed in; then `change` applied in the database. */
async function signedInThenChanged(browser: Browser, userName: string, change: { consoleAccess?: boolean; deletedAt?: Date }) {
  const db = e2eDatabase().db;
  const auditor = await db.user.findUniqueOrThrow({ where: { userName: "auditor" } });
  await db.user.deleteMany({ where: { userName } });
  const user = await db.user.create({
    data: {
      accountId: auditor.accountId, userName, principalId: `${userName}-${Date.now()}`, displayName: userName, userType: "RAMUser",
      consoleRole: "Auditor", consoleAccess: true, passwordHash: auditor.passwordHash, passwordChangedAt: auditor.passwordChangedAt ?? new Date(),
    },
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, userName);
  expect((await context.request.get("/users", { maxRedirects: 0 })).status(), `${userName} before the change`).toBe(200);
  await db.user.update({ where: { id: user.id }, data: change });
  return { context, id: user.id };
}

const created: number[] = [];
const contexts: Partial<Record<Role, BrowserContext>> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const db = e2eDatabase().db;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (await db.groupMembership.findMany({ where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } } })).map((m) => m.userId);
  // A key every role may audit (the lead's team's), so the table shows the role rule, not the scope rule.
  const key = await db.accessKey.findFirstOrThrow({ where: { userId: { in: team }, lastUsedAt: { not: null }, lastUsedService: { not: null } } });
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
    for (const [name, path, expected] of PAGES) await check(request, "GET", path(), expected[role], `${role} → ${name} (${path()})`);
    for (const [name, path, expected] of NEWER_PAGES) {
      // Present in this build? An administrator answers 200 for each of them when it is.
      if ((await contexts.admin!.request.get(path(), { maxRedirects: 0 })).status() === 404) continue;
      await check(request, "GET", path(), expected[role], `${role} → ${name} (${path()})`);
    }
    for (const [name, method, path, expected] of APIS) await check(request, method, path(), expected[role], `${role} → ${method} ${name} (${path()})`);
  });
}

test("a team lead's requests for other teams' users, keys, events and exports by ID find nothing", async () => {
  const db = e2eDatabase().db;
  const request = contexts.lead!.request;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (await db.groupMembership.findMany({ where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } } })).map((m) => m.userId);
  const outsider = await db.user.findFirstOrThrow({ where: { id: { notIn: team }, deletedAt: null, accessKeys: { some: { lastUsedAt: { not: null } } } } });
  const outsideKey = await db.accessKey.findFirstOrThrow({ where: { userId: outsider.id, lastUsedAt: { not: null } } });
  const outsideEvent = await db.event.findFirstOrThrow({ where: { userId: { notIn: team, not: null } }, orderBy: { eventTime: "desc" } });
  const insideEvent = await db.event.findFirstOrThrow({ where: { userId: { in: team } }, orderBy: { eventTime: "desc" } });

  // Events: the details panel by ID, the API and the export filtered to that ID.
  expect((await request.get(`/operation-records?event=${insideEvent.eventId}`)).status(), "own team's event").toBe(200);
  expect((await request.get(`/operation-records?event=${outsideEvent.eventId}`)).status(), "other team's event").toBe(404);
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
  expect((await request.get(`/api/v1/access-keys/${outsideKey.accessKeyId}/audit/services/${outsideKey.lastUsedService ?? "ecs"}/ips`)).status()).toBe(404);
  const inventory = await request.get(`/access-keys?owner=${encodeURIComponent(outsider.userName)}`);
  expect(inventory.status()).toBe(200);
  expect(await inventory.text()).not.toContain(outsideKey.accessKeyId);

  // Users: a team lead has no user pages at all, for any user.
  expect((await request.get(`/users/${encodeURIComponent(outsider.userName)}`, { maxRedirects: 0 })).status()).toBe(403);
});

test("an administrator's server action replayed with a team lead's, an auditor's or a disabled user's cookies, or from another origin, changes nothing", async ({ baseURL }) => {
  const db = e2eDatabase().db;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (await db.groupMembership.findMany({ where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } } })).map((m) => m.userId);
  const target = await db.accessKey.findFirstOrThrow({ where: { status: "Active", deletedAt: null, userId: { in: team } } });
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
  await page.goto(`/access-keys?owner=${encodeURIComponent((await db.user.findUniqueOrThrow({ where: { id: target.userId } })).userName)}`);
  await page.getByRole("button", { name: `Disable ${target.accessKeyId}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable key" }).click();
  await expect.poll(() => captured !== null).toBe(true);
  await page.close();
  const action = captured!;
  expect(await statusOf()).toBe("Active");

  const replay = (request: APIRequestContext, origin = baseURL!) =>
    request.post(action.url, {
      maxRedirects: 0,
      headers: { "next-action": action.headers["next-action"], "content-type": action.headers["content-type"], accept: "text/x-component", origin },
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
