// Request bodies are read only by someone allowed to send them: server actions (sign-in among them, before any
// session exists) take at most 1 MB, and log-file uploads go to POST /api/v1/imports, which checks the session and
// role before it reads a byte and stops reading at the first byte past 200 MB.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signedInAs } from "./sign-in";

const MB = 1024 * 1024;

/** The sign-in form's real server-action request, captured in the browser and not let through. */
async function captureSignInAction(page: Page) {
  let captured: { headers: Record<string, string>; body: Buffer; url: string } | null = null;
  await page.route("**/login**", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      captured = { headers: request.headers(), body: request.postDataBuffer()!, url: request.url() };
      await route.abort();
    } else await route.continue();
  });
  await page.goto("/login");
  await page.getByLabel("User name").fill("oversize-probe");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => captured !== null).toBe(true);
  return captured!;
}

test("a 5 MB body to the sign-in action is refused unread past 1 MB, and the action never runs", async ({
  page,
  baseURL,
  request,
}) => {
  const db = e2eDatabase().db;
  const action = await captureSignInAction(page);
  const boundary = /boundary=(.+)$/.exec(action.headers["content-type"])![1];
  // The same fields, preceded by a 5 MB field: still a well-formed form the action would read.
  const padding = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="padding"\r\n\r\n${"x".repeat(5 * MB)}\r\n`,
  );
  const send = (data: Buffer) =>
    request.post(action.url, {
      maxRedirects: 0,
      headers: {
        "next-action": action.headers["next-action"],
        "content-type": action.headers["content-type"],
        accept: "text/x-component",
        origin: baseURL!,
      },
      data,
    });
  const signins = (since: Date) => db.event.count({ where: { eventName: "ConsoleSignin", eventTime: { gte: since } } });

  const before = new Date(Date.now() - 1000);
  const oversized = await send(Buffer.concat([padding, action.body]));
  // Its declared length is past the limit: proxy.ts answers 413 before anything reads it; the action never runs.
  expect(oversized.status()).toBe(413);
  expect(await oversized.json()).toEqual({ error: "The request body is larger than 1 MB." });
  expect(await signins(before)).toBe(0);

  // The control: the same request without the padding reaches the action, which records the failed sign-in.
  const normal = await send(action.body);
  expect(normal.status()).toBe(200);
  await expect.poll(() => signins(before)).toBe(1);
});

interface RawAnswer {
  status: number;
  body: string;
  /** Milliseconds from the request's headers to the answer. */
  elapsed: number;
  /** Body bytes written before the answer came. */
  sent: number;
}

/**
 * POSTs a multipart upload to /api/v1/imports that starts with a real log file and then keeps streaming 1 MB
 * chunks (never finishing the part) until the server answers or `maxBytes` were sent.
 */
function endlessUpload(
  baseURL: string,
  cookie: string,
  eventId: string,
  maxBytes: number,
  contentLength?: number,
): Promise<RawAnswer> {
  const url = new URL("/api/v1/imports", baseURL);
  const boundary = "----e2e-endless-upload";
  const event = JSON.stringify({
    eventId,
    eventTime: new Date().toISOString(),
    eventName: "EndlessUpload",
    eventSource: "ram.aliyuncs.com",
  });
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.jsonl"\r\nContent-Type: application/x-ndjson\r\n\r\n${event}\n` +
      `\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="b.jsonl"\r\nContent-Type: application/x-ndjson\r\n\r\n`,
  );
  const chunk = Buffer.from(`${" ".repeat(MB - 1)}\n`);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        cookie,
        origin: url.origin,
        ...(contentLength ? { "content-length": String(contentLength) } : {}),
      },
    });
    req.on("response", (response: IncomingMessage) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (d: string) => (body += d));
      response.on("end", () => {
        req.destroy();
        resolve({ status: response.statusCode ?? 0, body, elapsed: Date.now() - started, sent });
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < maxBytes) {
        sent += chunk.length;
        if (!req.write(sent === chunk.length ? Buffer.concat([head, chunk]) : chunk))
          return void req.once("drain", pump);
      }
    };
    if (!contentLength) pump();
    else req.flushHeaders();
  });
}

async function cookieOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

test("an upload from nobody or from an auditor is refused before its body is read, and imports nothing", async ({
  baseURL,
  browser,
}) => {
  const db = e2eDatabase().db;
  const auditor = await browser.newContext();
  await signedInAs(await auditor.newPage(), "auditor");
  for (const [who, cookie, status] of [
    ["signed out", "", 401],
    ["auditor", await cookieOf(auditor), 403],
  ] as const) {
    const eventId = `endless-${who.replace(" ", "-")}-${Date.now()}`;
    // At most 64 MB would be sent: an answer before then, within seconds, means the body was not waited for.
    const answer = await endlessUpload(baseURL!, cookie, eventId, 64 * MB);
    expect(answer.status, who).toBe(status);
    expect(JSON.parse(answer.body).error, who).toBe(
      status === 401 ? "Sign in to the console first" : "Only administrators may import log files.",
    );
    expect(answer.sent, who).toBeLessThan(64 * MB);
    expect(await db.event.count({ where: { eventId } }), who).toBe(0);
  }
  // The auditor's refusal is on the record, under the upload's own event name.
  const refusal = await db.event.findFirst({
    where: { eventName: "ImportEvents", userName: "auditor" },
    orderBy: { eventTime: "desc" },
  });
  expect(refusal?.errorCode).toBe("AccessDenied");
  await auditor.close();
});

test("an administrator's upload past 200 MB is refused with 413 as the limit is passed, and imports nothing", async ({
  baseURL,
  browser,
}) => {
  test.setTimeout(120_000);
  const db = e2eDatabase().db;
  const admin = await browser.newContext();
  await signedInAs(await admin.newPage(), "admin");
  const cookie = await cookieOf(admin);

  // A declared length past the limit: refused from the headers alone.
  const declared = await endlessUpload(baseURL!, cookie, `endless-declared-${Date.now()}`, 0, 300 * MB);
  expect(declared.status).toBe(413);
  expect(declared.sent).toBe(0);

  // No declared length: the body streams until the first byte past the limit.
  const eventId = `endless-admin-${Date.now()}`;
  const answer = await endlessUpload(baseURL!, cookie, eventId, 260 * MB);
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body).error).toBe(
    "The files add up to more than 200 MB: import larger sets with npm run import.",
  );
  expect(answer.sent).toBeGreaterThan(200 * MB);
  expect(answer.sent).toBeLessThan(260 * MB);
  expect(await db.event.count({ where: { eventId } })).toBe(0);
  const refusal = await db.event.findFirst({
    where: { eventName: "ImportEvents", userName: "admin" },
    orderBy: { eventTime: "desc" },
  });
  expect(refusal?.errorCode).toBe("EntityTooLarge");
  await admin.close();
});
