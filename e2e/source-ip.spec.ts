// The recorded source IP is the TCP peer's, whatever X-Forwarded-For claims, unless the peer is a trusted proxy
// (KEYTRAIL_TRUSTED_PROXIES): then it is the rightmost forwarded address that is not one. The main test server trusts
// no proxy; a second server on the same database trusts 127.0.0.1, i.e. these tests' own connections.
import { spawnSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { signRequest } from "@/lib/api/sign-request";
import { buildDemoDirectory } from "@/lib/domain/demo";
import { startConsoleServer, type ConsoleServer } from "./console-server";
import { createTestUser, e2eDatabase } from "./database";
import { ownEvent } from "./ingest";
import { signIn } from "./sign-in";

const PASSWORD = "source-ip-password";

/** A wrong and then the right password, from a browser that sends `headers` with every request. */
async function signInTwice(
  browser: Browser,
  baseURL: string,
  headers: Record<string, string>,
): Promise<(string | null)[][]> {
  const userName = await createTestUser("source-ip", PASSWORD);
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: headers });
  const page = await context.newPage();
  await signIn(page, userName, "wrong-password");
  await expect(page.getByText("Incorrect user name or password.")).toBeVisible();
  await signIn(page, userName, PASSWORD);
  // Signed in once the console's shell shows (the Overview itself may take a while on a cold second server).
  await expect(page.getByRole("link", { name: "Account security" })).toBeVisible({ timeout: 30_000 });
  await context.close();
  const events = await e2eDatabase().db.event.findMany({
    where: { userName, eventName: "ConsoleSignin" },
    orderBy: { seq: "asc" },
  });
  return events.map((e) => [e.errorCode, e.sourceIpAddress]);
}

/** One signed PutEvents call with `headers` added; the source IP its PutEvents event and the key's last use got. */
async function signedCall(
  request: APIRequestContext,
  baseURL: string,
  headers: Record<string, string>,
): Promise<{ event: string | null; key: string | null }> {
  const key = buildDemoDirectory(new Date()).accessKeys.find((k) => k.userName === "lead" && k.status === "Active")!;
  // A key's last use moves only to a later second (X-Amz-Date's precision): leave the previous call's second.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const userAgent = `source-ip-test/${Date.now()}`;
  const url = `${baseURL}/api/v1/events`;
  const body = JSON.stringify({
    events: [ownEvent({ eventId: `source-ip-${Date.now()}`, eventName: "DescribeInstances" })],
  });
  const signed = await signRequest({ url, body, accessKeyId: key.accessKeyId, secret: key.secret });
  const response = await request.post(url, { headers: { ...signed, ...headers, "User-Agent": userAgent }, data: body });
  expect(response.status()).toBe(200);
  const { db } = e2eDatabase();
  const call = await db.event.findFirstOrThrow({ where: { eventName: "PutEvents", userAgent } });
  const stored = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: key.accessKeyId } });
  return { event: call.sourceIpAddress, key: stored.lastUsedIp };
}

test("a client's X-Forwarded-For is not its source IP: sign-ins and signed calls record the TCP peer", async ({
  browser,
  request,
  baseURL,
}) => {
  const forged = { "X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.6", "X-Keytrail-Client-IP": "6.6.6.6" };
  expect(await signInTwice(browser, baseURL!, forged)).toEqual([
    ["InvalidCredentials", "127.0.0.1"],
    [null, "127.0.0.1"],
  ]);
  expect(await signedCall(request, baseURL!, forged)).toEqual({ event: "127.0.0.1", key: "127.0.0.1" });

  // Nor is its X-Forwarded-Proto believed: plain HTTP stays plain HTTP (no HSTS, no upgrade of subresources).
  const login = await request.get("/login", { headers: { "X-Forwarded-Proto": "https" } });
  expect(login.headers()["strict-transport-security"]).toBeUndefined();
  expect(login.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");
});

test.describe("behind a trusted proxy", () => {
  let proxied: ConsoleServer;
  test.beforeAll(async () => {
    proxied = await startConsoleServer(test.info(), { KEYTRAIL_TRUSTED_PROXIES: "127.0.0.1" });
  });
  test.afterAll(async () => {
    await proxied?.stop();
  });

  test("the address the proxy forwarded is recorded, and what the client wrote left of it is not", async ({
    browser,
    request,
  }) => {
    expect(await signInTwice(browser, proxied.baseURL, { "X-Forwarded-For": "6.6.6.6" })).toEqual([
      ["InvalidCredentials", "6.6.6.6"],
      [null, "6.6.6.6"],
    ]);
    expect(await signedCall(request, proxied.baseURL, { "X-Forwarded-For": "6.6.6.6" })).toEqual({
      event: "6.6.6.6",
      key: "6.6.6.6",
    });
    // A chain: the client claimed 1.2.3.4, the outer proxy appended 6.6.6.6, and the trusted hops 127.0.0.1 follow.
    expect(await signedCall(request, proxied.baseURL, { "X-Forwarded-For": "1.2.3.4, 6.6.6.6, 127.0.0.1" })).toEqual({
      event: "6.6.6.6",
      key: "6.6.6.6",
    });

    // The proxy's word on the scheme counts too: served over HTTPS, so subresources are upgraded and HSTS is sent.
    const login = await request.get(`${proxied.baseURL}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(login.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(login.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  });
});

test("a trusted-proxy entry that is no address or block stops the server before it listens", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    env: { ...process.env, KEYTRAIL_TRUSTED_PROXIES: "10.0.0.5,1", PORT: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe(
    'KEYTRAIL_TRUSTED_PROXIES: "1" is not an IP address or CIDR block. List the reverse proxies in front of the console by address or block, e.g. KEYTRAIL_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16.',
  );
});
