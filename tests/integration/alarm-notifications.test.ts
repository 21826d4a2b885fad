// Alarm notifications beyond the Message center, against real local servers: a signed webhook POST of the alarm,
// and email through a minimal SMTP server (what nodemailer speaks to any mail relay); a failing webhook is recorded
// on the alarm, which stands.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processAllNewEvents } from "@/lib/alarms/alarm-engine";
import { notificationsSettled } from "@/lib/alarms/alarm-notifications";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { ingestEvents } from "@/lib/db/ingest-events";
import { verifyWebhookSignature } from "@/lib/delivery/webhook-destination";
import type { NormalisedEvent } from "@/lib/domain/event";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const SECRET = "alarm-hook-secret-0001";

function probe(eventId: string): NormalisedEvent {
  return buildEvent({
    eventId,
    eventTime: new Date(),
    eventName: "NotifyProbe",
    readOnly: false,
    userIdentity: { type: "ram-user", principalId: "p-1", userName: "alice" },
    sourceIpAddress: "203.0.113.5",
    userAgent: "test",
  });
}

/** Just enough SMTP to accept one message and keep its DATA. */
function smtpServer(received: string[]) {
  return net.createServer((socket) => {
    let inData = false;
    let data = "";
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push(data);
            socket.write("250 queued\r\n");
          } else data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 test\r\n");
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
}

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );

const hooks: { body: string; signed: boolean }[] = [];
const mails: string[] = [];
const hookServer = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    hooks.push({
      body,
      signed: verifyWebhookSignature(
        SECRET,
        String(req.headers["x-keytrail-timestamp"]),
        body,
        String(req.headers["x-keytrail-signature"]),
      ),
    });
    res.writeHead(req.url === "/fail" ? 500 : 204).end();
  });
});
const mailServer = smtpServer(mails);
let hookPort = 0;

beforeAll(async () => {
  await resetDatabase(database);
  hookPort = await listen(hookServer);
  process.env.KEYTRAIL_SMTP_URL = `smtp://127.0.0.1:${await listen(mailServer)}`;
  process.env.KEYTRAIL_SMTP_FROM = "keytrail@example.com";
  // The webhook receiver listens on 127.0.0.1: allowed only by the operator's switch.
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
  await processAllNewEvents(database); // the built-ins exist, the cursor is at the end
});

afterAll(async () => {
  delete process.env.KEYTRAIL_SMTP_URL;
  delete process.env.KEYTRAIL_SMTP_FROM;
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  hookServer.close();
  mailServer.close();
  await db.$disconnect();
});

describe("alarm notifications", () => {
  it("posts the alarm to the policy's webhook, signed, and mails the addresses", async () => {
    const policy = await db.alarmPolicy.create({
      data: {
        name: "Notify probe",
        severity: "high",
        source: "custom",
        notifyConsole: false,
        condition: JSON.stringify({ field: "eventName", op: "equals", values: ["NotifyProbe"] }),
        webhookUrl: `http://127.0.0.1:${hookPort}/alarm`,
        emailTo: "soc@example.com",
      },
    });
    await db.alarmPolicy.update({
      where: { id: policy.id },
      data: { webhookSecretEncrypted: encryptSecret(SECRET, encryptionKey(), secretContext.alarmWebhook(policy.id)) },
    });
    await ingestEvents(database, [probe("notify-1")]);
    const [raised] = await processAllNewEvents(database);
    await notificationsSettled();
    expect(hooks).toHaveLength(1);
    expect(hooks[0].signed).toBe(true);
    const payload = JSON.parse(hooks[0].body) as {
      alarmId: number;
      policy: string;
      severity: string;
      eventIds: string[];
      summary: string;
    };
    expect(payload).toMatchObject({
      alarmId: raised.alarmId,
      policy: "Notify probe",
      severity: "high",
      eventIds: ["notify-1"],
    });
    expect(payload.summary).toMatch(/^NotifyProbe by alice from 203\.0\.113\.5 at /);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Subject: \[Keytrail high\] Notify probe$/m);
    expect(mails[0]).toMatch(/^To: soc@example\.com$/m);
    expect(mails[0]).toContain("Events: notify-1");
    // Message center off for this policy: no messages.
    expect(await db.message.count({ where: { alarmId: raised.alarmId } })).toBe(0);
    expect((await db.alarm.findUniqueOrThrow({ where: { id: raised.alarmId } })).notifyError).toBeNull();
  });

  it("records a webhook that keeps failing on the alarm, which stands", async () => {
    await db.alarmPolicy.updateMany({
      where: { name: "Notify probe" },
      data: { webhookUrl: `http://127.0.0.1:${hookPort}/fail`, emailTo: null },
    });
    await ingestEvents(database, [probe("notify-2")]);
    const [raised] = await processAllNewEvents(database);
    await notificationsSettled();
    const alarm = await db.alarm.findUniqueOrThrow({ where: { id: raised.alarmId } });
    expect(alarm.notifyError).toBe(`webhook: HTTP 500 from http://127.0.0.1:${hookPort}/fail after 3 attempts`);
  });
});
