import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { NormalisedEvent } from "@/lib/domain/event";
import { deliveredRecord } from "./delivered-record";
import {
  deliverToSyslog,
  escapeParamValue,
  facilityCode,
  formatSyslogMessage,
  frameOctetCounted,
  headerField,
} from "./syslog-destination";
import { sampleEvents } from "./test-support/sample-events";

const event: NormalisedEvent = {
  eventId: "evt-1",
  eventTime: new Date("2024-05-01T22:30:00.123Z"),
  origin: "cloudtrail",
  eventName: "ConsoleLogin",
  eventSource: "signin.amazonaws.com",
  service: "signin",
  eventType: "ConsoleSignin",
  readOnly: false,
  sensitive: false,
  accountId: "111122223333",
  userIdentity: {
    type: "IAMUser",
    principalId: "AIDA1",
    userName: "alice",
    accessKeyId: null,
    mfaUsed: true,
    roleName: null,
  },
  sourceIpAddress: "203.0.113.9",
  userAgent: null,
  region: "us-east-1",
  resources: [],
  requestId: null,
  errorCode: null,
  errorMessage: null,
  requestParameters: null,
  responseElements: { ConsoleLogin: "Success" },
  raw: '{"eventID":"evt-1", "eventName":"ConsoleLogin"}',
};

describe("formatSyslogMessage", () => {
  it("writes the exact RFC 5424 message", () => {
    expect(formatSyslogMessage(event, 'Prod "IAM" \\ [all]', { hostname: "host.example", procId: 4242 })).toBe(
      String.raw`<133>1 2024-05-01T22:30:00.123Z host.example keytrail 4242 ConsoleLogin [keytrail@32473 eventId="evt-1" set="Prod \"IAM\" \\ [all\]"] ` +
        String.raw`{"eventId":"evt-1","eventTime":"2024-05-01T22:30:00.123Z","eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com",` +
        String.raw`"serviceName":"signin","eventType":"ConsoleSignin","readOnly":false,"sensitive":false,"accountId":"111122223333",` +
        String.raw`"userIdentity":{"type":"IAMUser","principalId":"AIDA1","userName":"alice","accessKeyId":null,"mfaUsed":true,"roleName":null},` +
        String.raw`"sourceIpAddress":"203.0.113.9","userAgent":null,"region":"us-east-1","resources":[],"requestId":null,"errorCode":null,` +
        String.raw`"errorMessage":null,"requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},` +
        String.raw`"raw":"{\"eventID\":\"evt-1\", \"eventName\":\"ConsoleLogin\"}"}`,
    );
  });

  it("computes PRI from facility and severity", () => {
    const header = (e: NormalisedEvent, facility?: Parameters<typeof facilityCode>[0]) =>
      formatSyslogMessage(e, "s", { facility }).split(" [")[0];
    expect(header(event)).toBe("<133>1 2024-05-01T22:30:00.123Z - keytrail - ConsoleLogin"); // local0.notice
    expect(header({ ...event, sensitive: true })).toMatch(/^<132>1 /); // local0.warning
    expect(header({ ...event, errorCode: "AccessDenied" })).toMatch(/^<132>1 /);
    expect(header(event, "auth")).toMatch(/^<37>1 /); // 4 * 8 + 5
    expect(header(event, "local7")).toMatch(/^<189>1 /);
    expect(header(event, 0)).toMatch(/^<5>1 /);
    expect(() => header(event, 24)).toThrow(RangeError);
  });

  it("keeps header fields printable ASCII without spaces and escapes SD-PARAM values", () => {
    expect(headerField("Create Access Key\u00e9\n", 32)).toBe("Create_Access_Key__");
    expect(headerField("x".repeat(40), 32)).toBe("x".repeat(32));
    expect(headerField("", 32)).toBe("-");
    expect(headerField(null, 32)).toBe("-");
    expect(escapeParamValue('a"b\\c]d[e')).toBe('a\\"b\\\\c\\]d[e');
    const message = formatSyslogMessage({ ...event, eventName: "Get Thing/é", eventId: 'id"]' }, "s", {
      hostname: "my host",
    });
    expect(message.split(" [")[0]).toBe("<133>1 2024-05-01T22:30:00.123Z my_host keytrail - Get_Thing/_");
    expect(message).toContain('[keytrail@32473 eventId="id\\"\\]" set="s"]');
    expect(formatSyslogMessage({ ...event, eventTime: new Date("+012345-01-01T00:00:00Z") }, "s").split(" ")[1]).toBe(
      "-",
    );
  });

  it("frames with the length in octets, not characters", () => {
    expect(frameOctetCounted("abc").toString()).toBe("3 abc");
    expect(frameOctetCounted("é€").toString()).toBe("5 é€");
  });
});

describe("deliverToSyslog", () => {
  const servers: net.Server[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
  });

  /** A TCP server that parses octet-counted frames; each connection's messages once it closes. */
  async function syslogServer(
    options: { neverClose?: boolean } = {},
  ): Promise<{ port: number; connections: Promise<string[]>[] }> {
    const connections: Promise<string[]>[] = [];
    const server = net.createServer({ allowHalfOpen: options.neverClose }, (socket) => {
      sockets.push(socket);
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      connections.push(
        new Promise((resolve, reject) => {
          socket.on("end", () => {
            let data = Buffer.concat(chunks);
            const messages: string[] = [];
            while (data.length) {
              const space = data.indexOf(0x20);
              const length = Number(data.subarray(0, space).toString("ascii"));
              if (!/^[1-9]\d*$/.test(data.subarray(0, space).toString("ascii")) || data.length < space + 1 + length)
                return reject(new Error("bad frame"));
              messages.push(data.subarray(space + 1, space + 1 + length).toString("utf8"));
              data = data.subarray(space + 1 + length);
            }
            resolve(messages);
          });
        }),
      );
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { port: (server.address() as net.AddressInfo).port, connections };
  }

  it("sends exactly the batch's messages over one connection", async () => {
    const { port, connections } = await syslogServer();
    const events = sampleEvents(500, 2_000);
    const options = { hostname: "keytrail-host", procId: 7, facility: "local3" as const };
    const result = await deliverToSyslog({ host: "127.0.0.1", port }, "Prod IAM", events, options);
    expect(connections).toHaveLength(1);
    const messages = await connections[0];
    expect(messages).toEqual(events.map((e) => formatSyslogMessage(e, "Prod IAM", options)));
    expect(messages.map((m) => JSON.parse(m.slice(m.indexOf("] ") + 2)))).toEqual(
      events.map((e) => JSON.parse(JSON.stringify(deliveredRecord(e)))),
    );
    expect(result).toEqual({
      messages: 500,
      bytes: messages.reduce((sum, m) => sum + Buffer.byteLength(m) + String(Buffer.byteLength(m)).length + 1, 0),
    });
  });

  it("does not connect for an empty batch", async () => {
    expect(await deliverToSyslog({ host: "127.0.0.1", port: 1 }, "s", [])).toEqual({ messages: 0, bytes: 0 });
  });

  it("rejects clearly when the connection is refused", async () => {
    const { port } = await syslogServer();
    await new Promise((r) => servers.pop()!.close(r));
    await expect(deliverToSyslog({ host: "127.0.0.1", port }, "s", sampleEvents(2))).rejects.toThrow(
      new RegExp(
        `^could not connect to syslog server 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`,
      ),
    );
  });

  it("rejects when the server never closes its side", async () => {
    const { port, connections } = await syslogServer({ neverClose: true });
    await expect(
      deliverToSyslog({ host: "127.0.0.1", port }, "s", sampleEvents(2), { timeoutMs: 100 }),
    ).rejects.toThrow(`syslog server 127.0.0.1:${port} did not close the connection within 100 ms of the batch`);
    expect(await connections[0]).toHaveLength(2);
  });
});
