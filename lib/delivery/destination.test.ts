import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deliverBatch, destinationSchema, type Destination } from "./destination";
import { sampleEvents } from "./test-support/sample-events";

describe("destinationSchema", () => {
  const ok = (d: unknown) => destinationSchema.safeParse(d).success;

  it("accepts the three kinds", () => {
    expect(ok({ kind: "directory", path: "/var/lib/keytrail/out" })).toBe(true);
    expect(ok({ kind: "webhook", url: "https://siem.example/hook?x=1", secret: "k" })).toBe(true);
    expect(ok({ kind: "webhook", url: "http://10.0.0.5:8080/", secret: "k" })).toBe(true);
    expect(ok({ kind: "syslog", host: "logs.example", port: 6514 })).toBe(true);
  });

  it("rejects relative paths, non-http URLs, empty secrets and bad ports", () => {
    expect(ok({ kind: "directory", path: "out/events" })).toBe(false);
    expect(ok({ kind: "directory", path: "" })).toBe(false);
    expect(ok({ kind: "webhook", url: "ftp://siem.example/", secret: "k" })).toBe(false);
    expect(ok({ kind: "webhook", url: "javascript:alert(1)", secret: "k" })).toBe(false);
    expect(ok({ kind: "webhook", url: "not a url", secret: "k" })).toBe(false);
    expect(ok({ kind: "webhook", url: "https://siem.example/", secret: "" })).toBe(false);
    for (const port of [0, 65536, 514.5, "514"]) expect(ok({ kind: "syslog", host: "logs.example", port })).toBe(false);
    expect(ok({ kind: "syslog", host: "", port: 514 })).toBe(false);
    expect(ok({ kind: "smtp", host: "x" })).toBe(false);
  });

  it("refuses loopback, link-local and metadata hosts unless KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1", () => {
    delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
    for (const url of [
      "http://127.0.0.1:9000/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/",
      "http://localhost/x",
      "http://metadata.google.internal/",
      "http://100.100.100.200/",
    ]) {
      const parsed = destinationSchema.safeParse({ kind: "webhook", url, secret: "k" });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues[0].message, url).toMatch(
        /^The webhook URL is refused: .* \(set KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1 to allow it\)\.$/,
      );
    }
    process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
    expect(ok({ kind: "webhook", url: "http://127.0.0.1:9000/hook", secret: "k" })).toBe(true);
  });
});

// The webhook tests below deliver to a receiver on 127.0.0.1.
afterEach(() => void delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS);

describe("deliverBatch", () => {
  const events = sampleEvents(4);

  it("dispatches to a directory", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "keytrail-batch-"));
    try {
      expect(await deliverBatch({ kind: "directory", path: root }, "s", events)).toEqual({
        ok: true,
        detail: `wrote 4 events to 2 files under ${root}`,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("dispatches to a webhook, passing permanence through", async () => {
    process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
    let code = 200;
    const server = createServer((_req, res) => res.writeHead(code).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    try {
      expect(await deliverBatch({ kind: "webhook", url, secret: "k" }, "s", events)).toEqual({
        ok: true,
        detail: "delivered 4 events in 1 attempt",
      });
      code = 403;
      expect(await deliverBatch({ kind: "webhook", url, secret: "k" }, "s", events)).toEqual({
        ok: false,
        permanent: true,
        error: `HTTP 403 from ${url} after 1 attempt`,
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("dispatches to syslog and reports a refused connection as retryable", async () => {
    const server = net.createServer((socket) => socket.resume());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await deliverBatch({ kind: "syslog", host: "127.0.0.1", port }, "s", events)).toEqual({
      ok: true,
      detail: expect.stringMatching(new RegExp(`^sent 4 messages \\([\\d,]+ bytes\\) to 127\\.0\\.0\\.1:${port}$`)),
    });
    await new Promise((r) => server.close(r));
    expect(await deliverBatch({ kind: "syslog", host: "127.0.0.1", port }, "s", events)).toEqual({
      ok: false,
      permanent: false,
      error: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("fails permanently on an invalid destination, and delivers nothing for no events", async () => {
    expect(await deliverBatch({ kind: "directory", path: "relative" } as Destination, "s", events)).toEqual({
      ok: false,
      permanent: true,
      error: "invalid destination: The directory path must be absolute.",
    });
    expect(await deliverBatch({ kind: "syslog", host: "127.0.0.1", port: 1 }, "s", [])).toEqual({
      ok: true,
      detail: "nothing to deliver",
    });
  });
});
