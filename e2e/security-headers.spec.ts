// The console's web security headers, read from the running server, and every page working under its
// Content-Security-Policy: no violation reported, hydrated (client code runs), charts and panels drawn.
import { expect, test, type Page } from "@playwright/test";
import { startConsoleServer } from "./console-server";
import { e2eDatabase } from "./database";
import { signedInAs, type DemoUser } from "./sign-in";

/** Collects CSP violations as the browser reports them (the event and the console message). */
function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

async function addViolationListener(page: Page) {
  // Init scripts are injected by the browser's debugging protocol, not subject to the page's CSP.
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

test("pages carry a nonce-based CSP without unsafe-inline scripts, and the other security headers", async ({
  page,
  request,
}) => {
  const login = await request.get("/login");
  expect(login.status()).toBe(200);
  const headers = login.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toBeTruthy();
  const directives = Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  expect(directives["script-src"]).toContain("'strict-dynamic'");
  expect(directives["script-src"].some((v: string) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(v))).toBe(true);
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  expect(directives["script-src"]).not.toContain("'unsafe-eval'");
  expect(directives["default-src"]).toEqual(["'self'"]);
  expect(directives["object-src"]).toEqual(["'none'"]);
  expect(directives["base-uri"]).toEqual(["'self'"]);
  expect(directives["form-action"]).toEqual(["'self'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  // Plain HTTP here: no upgrade of subresources, no HSTS.
  expect(directives["upgrade-insecure-requests"]).toBeUndefined();
  expect(headers["strict-transport-security"]).toBeUndefined();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-powered-by"]).toBeUndefined();

  // A fresh nonce per response, and the one in the header is the one on the page's scripts.
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const html = await login.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);

  // Behind a trusted TLS-terminating proxy: upgrade-insecure-requests and HSTS (source-ip.spec.ts).

  // API answers and static files get nosniff and a deny-all policy too.
  await signedInAs(page, "admin");
  const api = await page.request.get("/api/v1/events?limit=1");
  expect(api.status()).toBe(200);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const icon = await page.request.get("/icon.svg");
  expect(icon.headers()["x-content-type-options"]).toBe("nosniff");
});

test("every console page works under the policy, for each role, with no violation", async ({ browser }) => {
  const key = await e2eDatabase().db.accessKey.findFirstOrThrow({
    where: { accessKeyId: { not: "" }, lastUsedAt: { not: null } },
    orderBy: { lastUsedAt: "desc" },
  });
  const pages: Record<DemoUser, string[]> = {
    admin: [
      "/",
      "/operation-records",
      "/operation-records/import",
      "/access-keys",
      `/access-keys/audit?key=${key.accessKeyId}`,
      "/users",
      "/users/admin",
      "/credential-report",
      "/settings",
    ],
    auditor: ["/", "/users", "/credential-report"],
    lead: ["/", "/operation-records", "/access-keys"],
  };
  for (const [userName, paths] of Object.entries(pages) as [DemoUser, string[]][]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = watchViolations(page);
    await addViolationListener(page);
    await signedInAs(page, userName);
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), `${userName} ${path}`).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // Hydrated: React attached its fiber to the page's root, which only client JavaScript does.
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              Object.keys(document.body).some((k) => k.startsWith("__react")) ||
              Object.keys(document.querySelector("main") ?? {}).some((k) => k.startsWith("__react")),
          ),
        )
        .toBe(true);
      expect(
        await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
        `${userName} ${path}`,
      ).toEqual([]);
    }
    expect(violations).toEqual([]);
    await context.close();
  }
});

test("the 404 page of an unknown URL is rendered per request, its scripts carrying the nonce", async ({ page }) => {
  const violations = watchViolations(page);
  await addViolationListener(page);
  await signedInAs(page, "auditor"); // signed out, the proxy would send it to the sign-in page first
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  const csp = response!.headers()["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  // Every script the server rendered carries this response's nonce (scripts Next adds later are trusted
  // through 'strict-dynamic').
  const scripts = [...(await response!.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(violations).toEqual([]);
});

test("client-side features run under the policy: chart, details panel, dialog, suggestions", async ({ page }) => {
  const violations = watchViolations(page);
  await addViolationListener(page);
  await signedInAs(page, "admin");
  // The overview chart (Recharts draws SVG on the client).
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  // The explorer's details panel opens on a click.
  await page.goto("/operation-records");
  await page.getByRole("table", { name: "Operation records" }).locator("tbody tr").first().click();
  await expect(page.getByRole("region", { name: "Event details" })).toBeVisible();
  await page.keyboard.press("Escape");
  // The AccessKey audit's suggestions come from a server action as you type.
  const key = await e2eDatabase().db.accessKey.findFirstOrThrow({ where: { lastUsedAt: { not: null } } });
  await page.goto("/access-keys/audit");
  await page.getByLabel("AccessKey ID", { exact: true }).fill(key.accessKeyId.slice(0, -2));
  await expect(page.getByRole("option", { name: key.accessKeyId })).toBeVisible();
  // The credential report's identity verification dialog.
  await page.goto("/credential-report");
  await page.getByRole("button", { name: "Download credential report" }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(violations).toEqual([]);
});

test("a markup script without the nonce is refused by the browser", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  await signedInAs(page, "admin");
  // Parser-inserted markup (what an unescaped field would become): innerHTML scripts never run, and an
  // inline handler is refused by the policy. An empty data: image fails to decode in some Chromium builds and
  // loads in others: whichever event fires, its inline handler must be refused.
  await page.evaluate(() => {
    const div = document.createElement("div");
    div.innerHTML = '<img src="data:," onload="window.__ran = 1" onerror="window.__ran = 1">';
    document.body.append(div);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();
});

test("behind HTTPS the session cookie is Secure (and __Secure- prefixed); over plain HTTP it cannot be", async ({
  browser,
}, testInfo) => {
  // X-Forwarded-Proto counts only from a trusted proxy: a second server that trusts these tests' own connections.
  const proxied = await startConsoleServer(testInfo, { KEYTRAIL_TRUSTED_PROXIES: "127.0.0.1" });
  for (const https of [true, false]) {
    const context = await browser.newContext(
      https ? { baseURL: proxied.baseURL, extraHTTPHeaders: { "X-Forwarded-Proto": "https" } } : {},
    );
    const page = await context.newPage();
    const cookies: string[] = [];
    page.on("response", async (response) => {
      // The header's Message center link keeps polling: a response can still arrive as the context closes.
      const header = await response.headerValue("set-cookie").catch(() => null);
      if (header) cookies.push(...header.split("\n"));
    });
    await page.goto("/login");
    await page.getByLabel("User name").fill("auditor");
    await page.getByLabel("Password").fill("keytrail-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => cookies.find((c) => /authjs\.session-token=/.test(c))).toBeTruthy();
    const session = cookies.find((c) => /authjs\.session-token=/.test(c))!;
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    if (https) expect(session, session).toMatch(/^__Secure-authjs\.session-token=.*;\s*Secure/i);
    else expect(session).not.toMatch(/;\s*Secure/i);
    await context.close();
  }
  await proxied.stop();
});
