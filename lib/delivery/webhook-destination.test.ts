import type dns from "node:dns";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliveredRecord } from "./delivered-record";
import { sampleEvents } from "./test-support/sample-events";
import {
  defaultDeliveryId,
  deliverToWebhook,
  deliverWebhook,
  retryDelay,
  signWebhook,
  verifyWebhookSignature,
  type WebhookOptions,
} from "./webhook-destination";

const SECRET = "s3cret-webhook-key";
const FAST: WebhookOptions = { baseDelayMs: 1, maxDelayMs: 20, timeoutMs: 2_000 };

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

// These tests deliver to a receiver on 127.0.0.1: allowed only by the operator's switch (refusal tested below).
const allowedBefore = process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
beforeAll(() => void (process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1"));
afterAll(() => {
  if (allowedBefore === undefined) delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  else process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = allowedBefore;
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

/** A local server answering request n (0-based) with reply(n, res); resolves with its URL and the requests seen. */
async function serve(reply: (n: number, res: ServerResponse) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      reply(received.length - 1, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keytrail?token=abc`, received };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (_n: number, res: ServerResponse) =>
    res.writeHead(code, headers).end("body");

describe("webhook signatures", () => {
  it("signs timestamp.body and verifies in constant time", () => {
    const header = signWebhook("k", "1700000000", '{"a":1}');
    // Same as: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac k
    expect(header).toBe("sha256=1b6ad1bc9bf48c52ce01939866d5877c6cc4e87ddad27e16673cb8c4964394a3");
    expect(verifyWebhookSignature("k", "1700000000", '{"a":1}', header)).toBe(true);
    expect(
      verifyWebhookSignature(
        "k",
        "1700000000",
        Buffer.from('{"a":1}'),
        header.toUpperCase().replace("SHA256", "sha256"),
      ),
    ).toBe(true);
    expect(verifyWebhookSignature("k", "1700000001", '{"a":1}', header)).toBe(false);
    expect(verifyWebhookSignature("k", "1700000000", '{"a":2}', header)).toBe(false);
    expect(verifyWebhookSignature("other", "1700000000", '{"a":1}', header)).toBe(false);
    expect(verifyWebhookSignature("k", "1700000000", '{"a":1}', "sha256=abc")).toBe(false);
    expect(verifyWebhookSignature("k", "1700000000", '{"a":1}', undefined)).toBe(false);
    const now = new Date(1_700_000_000_000);
    expect(verifyWebhookSignature("k", "1700000000", '{"a":1}', header, { toleranceSeconds: 300, now })).toBe(true);
    expect(
      verifyWebhookSignature("k", "1700000000", '{"a":1}', header, {
        toleranceSeconds: 300,
        now: new Date(now.getTime() + 301_000),
      }),
    ).toBe(false);
  });

  it("backs off exponentially with jitter, or as Retry-After says, capped", () => {
    const o = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
    expect([1, 2, 3].map((a) => retryDelay(a, { ...o, random: () => 0 }))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((a) => retryDelay(a, { ...o, random: () => 0.999999 }))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelay(10, { ...o, random: () => 0.999999 })).toBe(60_000);
    expect(retryDelay(1, { ...o, random: () => 0, retryAfter: "7" })).toBe(7_000);
    expect(retryDelay(1, { ...o, random: () => 0, retryAfter: "3600" })).toBe(60_000);
    expect(
      retryDelay(1, {
        ...o,
        random: () => 0,
        retryAfter: "Wed, 01 May 2024 00:00:30 GMT",
        now: Date.parse("2024-05-01T00:00:00Z"),
      }),
    ).toBe(30_000);
    expect(retryDelay(1, { ...o, random: () => 0, retryAfter: "soon" })).toBe(500);
  });
});

describe("deliverToWebhook", () => {
  const events = sampleEvents(3);

  it("POSTs the signed batch once on 2xx", async () => {
    const { url, received } = await serve(status(204));
    expect(await deliverToWebhook({ url, secret: SECRET }, "Prod IAM", events, FAST)).toEqual({
      ok: true,
      attempts: 1,
    });
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received;
    expect(headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(headers["user-agent"]).toBe("Keytrail");
    expect(headers["x-keytrail-delivery"]).toBe(defaultDeliveryId("Prod IAM", events));
    expect(Math.abs(Number(headers["x-keytrail-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(
      verifyWebhookSignature(
        SECRET,
        String(headers["x-keytrail-timestamp"]),
        body,
        String(headers["x-keytrail-signature"]),
        { toleranceSeconds: 300 },
      ),
    ).toBe(true);
    expect(JSON.parse(body.toString("utf8"))).toEqual({
      trackingSet: "Prod IAM",
      deliveryId: defaultDeliveryId("Prod IAM", events),
      events: events.map((e) => JSON.parse(JSON.stringify(deliveredRecord(e)))),
    });
  });

  it("retries 500, 500 then delivers on 200, with the same body and delivery ID and growing waits", async () => {
    const { url, received } = await serve((n, res) => res.writeHead(n < 2 ? 500 : 200).end());
    const waits: number[] = [];
    const result = await deliverToWebhook({ url, secret: SECRET }, "s", events, {
      ...FAST,
      baseDelayMs: 10,
      random: () => 0.999999,
      deliveryId: "batch-42",
      onRetry: ({ delayMs }) => waits.push(delayMs),
    });
    expect(result).toEqual({ ok: true, attempts: 3 });
    expect(waits).toEqual([10, 20]);
    expect(received.map((r) => r.headers["x-keytrail-delivery"])).toEqual(["batch-42", "batch-42", "batch-42"]);
    expect(new Set(received.map((r) => r.body.toString()))).toHaveLength(1);
    expect(received[2].at - received[0].at).toBeGreaterThanOrEqual(25);
  });

  it("gives up at once on 400 (permanent)", async () => {
    const { url, received } = await serve(status(400));
    const result = await deliverToWebhook({ url, secret: SECRET }, "s", events, FAST);
    expect(result).toEqual({
      ok: false,
      attempts: 1,
      permanent: true,
      error: expect.stringMatching(/^HTTP 400 from http:\/\/127\.0\.0\.1:\d+\/hooks\/keytrail after 1 attempt$/),
    });
    expect(received).toHaveLength(1);
  });

  it("fails after N attempts on 500, naming the URL without query or secret", async () => {
    const { url, received } = await serve(status(500));
    const result = await deliverToWebhook(
      { url: url.replace("http://", "http://user:pw@"), secret: SECRET },
      "s",
      events,
      { ...FAST, attempts: 4 },
    );
    expect(result).toEqual({
      ok: false,
      attempts: 4,
      permanent: false,
      error: expect.stringMatching(/^HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/hooks\/keytrail after 4 attempts$/),
    });
    expect(received).toHaveLength(4);
    expect(JSON.stringify(result)).not.toMatch(/s3cret|token|pw/);
  });

  it("retries 408 and 429, honouring Retry-After capped at the maximum", async () => {
    const { url, received } = await serve((n, res) =>
      n === 0
        ? res.writeHead(408).end()
        : n === 1
          ? res.writeHead(429, { "Retry-After": "3600" }).end()
          : res.writeHead(200).end(),
    );
    const waits: number[] = [];
    const result = await deliverToWebhook({ url, secret: SECRET }, "s", events, {
      ...FAST,
      random: () => 0,
      onRetry: ({ delayMs }) => waits.push(delayMs),
    });
    expect(result).toEqual({ ok: true, attempts: 3 });
    expect(received).toHaveLength(3);
    expect(waits).toEqual([1, 20]); // backoff, then Retry-After (1 h) capped at maxDelayMs
  });

  it("retries a refused connection", async () => {
    const { url } = await serve(status(200));
    await new Promise((r) => servers.pop()!.close(r));
    const errors: string[] = [];
    const result = await deliverToWebhook({ url, secret: SECRET }, "s", events, {
      ...FAST,
      attempts: 3,
      onRetry: ({ error }) => errors.push(error),
    });
    expect(result).toEqual({
      ok: false,
      attempts: 3,
      permanent: false,
      error: expect.stringMatching(
        /^connect ECONNREFUSED 127\.0\.0\.1:\d+ \(http:\/\/127\.0\.0\.1:\d+\/hooks\/keytrail\) after 3 attempts$/,
      ),
    });
    expect(errors).toHaveLength(2);
  });

  it("times out a slow server and retries", async () => {
    const { url, received } = await serve((n, res) => (n === 0 ? undefined : res.writeHead(200).end()));
    const errors: string[] = [];
    const result = await deliverToWebhook({ url, secret: SECRET }, "s", events, {
      ...FAST,
      timeoutMs: 100,
      onRetry: ({ error }) => errors.push(error),
    });
    expect(result).toEqual({ ok: true, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(errors).toEqual([
      expect.stringMatching(/^no response within 100 ms \(http:\/\/127\.0\.0\.1:\d+\/hooks\/keytrail\)$/),
    ]);
  });

  it("sends any JSON body the same way (deliverWebhook), with a delivery ID from the body", async () => {
    const { url, received } = await serve(status(200));
    const body = JSON.stringify({ alarmId: "a1", summary: "ünïcode" });
    expect(await deliverWebhook({ url, secret: SECRET }, body, { ...FAST, attempts: 3 })).toEqual({
      ok: true,
      attempts: 1,
    });
    expect(await deliverWebhook({ url, secret: SECRET }, body, FAST)).toEqual({ ok: true, attempts: 1 });
    expect(received.map((r) => r.body.toString("utf8"))).toEqual([body, body]);
    expect(received[0].headers["x-keytrail-delivery"]).toMatch(/^[0-9a-f]{32}$/);
    expect(received[1].headers["x-keytrail-delivery"]).toBe(received[0].headers["x-keytrail-delivery"]);
    expect(
      verifyWebhookSignature(
        SECRET,
        String(received[0].headers["x-keytrail-timestamp"]),
        body,
        String(received[0].headers["x-keytrail-signature"]),
      ),
    ).toBe(true);
  });

  it("refuses a URL that is not http(s) without trying", async () => {
    expect(await deliverToWebhook({ url: "ftp://example.com/x", secret: SECRET }, "s", events)).toEqual({
      ok: false,
      attempts: 0,
      permanent: true,
      error: "the webhook URL must be http or https, not ftp:",
    });
  });
});

describe("webhook destinations on loopback, link-local and metadata addresses", () => {
  /** A resolver that answers every name with `address` (as DNS rebinding would), counting the questions. */
  const resolvingTo = (address: string, family: 4 | 6 = 4) => {
    const asked: string[] = [];
    const resolve = ((hostname: string, _options: unknown, callback: (e: null, a: dns.LookupAddress[]) => void) => {
      asked.push(hostname);
      callback(null, [{ address, family }]);
    }) as unknown as typeof dns.lookup;
    return { resolve, asked };
  };

  it("refuses a literal loopback or metadata host without connecting, unless allowed", async () => {
    const hook = await serve(status(204));
    const events = sampleEvents(1);
    const refused = await deliverToWebhook({ url: hook.url, secret: SECRET }, "s", events, {
      ...FAST,
      allowPrivateAddresses: false,
    });
    const port = new URL(hook.url).port;
    expect(refused).toEqual({
      ok: false,
      attempts: 0,
      permanent: true,
      error: `127.0.0.1 is a loopback, link-local or cloud metadata address: refused (http://127.0.0.1:${port}/hooks/keytrail)`,
    });
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://[fd00:ec2::254]/",
      "http://100.100.100.200/latest",
      "http://metadata.google.internal/x",
      "http://[::ffff:7f00:1]/",
    ]) {
      const result = await deliverToWebhook({ url, secret: SECRET }, "s", events, {
        ...FAST,
        allowPrivateAddresses: false,
      });
      expect(result, url).toMatchObject({
        ok: false,
        attempts: 0,
        permanent: true,
        error: expect.stringContaining(": refused ("),
      });
    }
    expect(hook.received).toHaveLength(0);
    // KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1 (set for this file) lets it through.
    expect(await deliverToWebhook({ url: hook.url, secret: SECRET }, "s", events, FAST)).toEqual({
      ok: true,
      attempts: 1,
    });
    delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
    try {
      expect(await deliverToWebhook({ url: hook.url, secret: SECRET }, "s", events, FAST)).toMatchObject({
        ok: false,
        attempts: 0,
        permanent: true,
      });
    } finally {
      process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
    }
    expect(hook.received).toHaveLength(1);
  });

  it("refuses a name that resolves to a refused address at delivery time, and never connects to it", async () => {
    const hook = await serve(status(204));
    const port = new URL(hook.url).port;
    const rebinding = resolvingTo("127.0.0.1");
    const result = await deliverToWebhook(
      { url: `http://hooks.example.com:${port}/in?token=t`, secret: SECRET },
      "s",
      sampleEvents(1),
      {
        ...FAST,
        allowPrivateAddresses: false,
        resolve: rebinding.resolve,
      },
    );
    expect(result).toEqual({
      ok: false,
      attempts: 1,
      permanent: true,
      error: `hooks.example.com resolves to 127.0.0.1 is a loopback, link-local or cloud metadata address: refused (http://hooks.example.com:${port}/in)`,
    });
    expect(rebinding.asked).toEqual(["hooks.example.com"]);
    expect(hook.received).toHaveLength(0);
    const metadata = resolvingTo("169.254.169.254");
    expect(
      await deliverWebhook({ url: "http://hooks.example.com/in", secret: SECRET }, "{}", {
        ...FAST,
        allowPrivateAddresses: false,
        resolve: metadata.resolve,
      }),
    ).toMatchObject({ ok: false, permanent: true });
  });
});
