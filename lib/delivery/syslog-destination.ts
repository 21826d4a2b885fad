// Tracking-set destination "syslog": RFC 5424 messages over TCP, octet-counting framing (RFC 6587 3.4.1):
//
//   <len> <PRI>1 TIMESTAMP HOSTNAME keytrail PROCID MSGID [keytrail@32473 eventId="..." set="..."] MSG
//
// - PRI = facility * 8 + severity; facility configurable (default local0 = 16); severity warning (4) for a
//   sensitive event or one with an error code, notice (5) otherwise.
// - TIMESTAMP: the event's eventTime, UTC with milliseconds (2024-05-01T22:30:00.000Z).
// - HOSTNAME / PROCID: this host's name and process ID when delivering (formatSyslogMessage alone uses "-").
// - MSGID: the eventName, characters outside printable ASCII (33-126) replaced by "_", cut to 32; "-" if empty.
//   Every header field is printable ASCII without spaces, "-" when empty.
// - SD: one element; 32473 is the private enterprise number RFC 5612 reserves for documentation (we have none of
//   our own). Param values escape `"`, `\` and `]` with a backslash (RFC 5424 6.3.3).
// - MSG: the delivered JSON record (deliveredRecord), UTF-8, without a BOM: RFC 5424 allows MSG without one, and
//   JSON is UTF-8 by definition (RFC 8259), so collectors can parse MSG as JSON directly.
// - <len>: the message's length in octets. Records with a large raw can exceed a collector's default maximum
//   message size (rsyslog: 8 KiB); raise it there (we never cut a record: cut JSON would be useless).
// One TCP connection per batch; no TLS (RFC 5425) here.
// Plain TypeScript: no database, no Next.js.
import net from "node:net";
import os from "node:os";
import type { NormalisedEvent } from "@/lib/domain/event";
import { deliveredRecord } from "./delivered-record";

export const SYSLOG_FACILITIES = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  security: 13,
  console: 14,
  "solaris-cron": 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

export const SEVERITY_WARNING = 4;
export const SEVERITY_NOTICE = 5;
export const SD_ID = "keytrail@32473";

export interface SyslogFormatOptions {
  /** Name or number 0-23; default local0. */
  facility?: SyslogFacility | number;
  /** Default "-". */
  hostname?: string;
  /** Default "-". */
  procId?: string | number;
}

export interface SyslogOptions extends SyslogFormatOptions {
  /** Inactivity limit: connecting, sending, and waiting for the server to close. Default 10 s. */
  timeoutMs?: number;
}

export interface SyslogTarget {
  host: string;
  port: number;
}

export function syslogSeverity(event: NormalisedEvent): number {
  return event.sensitive || event.errorCode ? SEVERITY_WARNING : SEVERITY_NOTICE;
}

export function facilityCode(facility: SyslogFacility | number = "local0"): number {
  const code = typeof facility === "number" ? facility : SYSLOG_FACILITIES[facility];
  if (!Number.isInteger(code) || code < 0 || code > 23)
    throw new RangeError(`not a syslog facility: ${String(facility)}`);
  return code;
}

/** A header field: printable US-ASCII without spaces, at most `max` characters, "-" (NILVALUE) when empty. */
export function headerField(value: string | number | null | undefined, max: number): string {
  const field = String(value ?? "")
    .replace(/[^\x21-\x7e]/g, "_")
    .slice(0, max);
  return field || "-";
}

/** An SD-PARAM value with `"`, `\` and `]` escaped. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** One RFC 5424 message (without framing). */
export function formatSyslogMessage(
  event: NormalisedEvent,
  setName: string,
  options: SyslogFormatOptions = {},
): string {
  const pri = facilityCode(options.facility) * 8 + syslogSeverity(event);
  const iso = Number.isNaN(event.eventTime.getTime()) ? "" : event.eventTime.toISOString();
  // toISOString writes years outside 0000-9999 as +/-YYYYYY, which RFC 5424 cannot carry.
  const timestamp = /^\d{4}-/.test(iso) ? iso : "-";
  const header = [
    `<${pri}>1`,
    timestamp,
    headerField(options.hostname, 255),
    "keytrail",
    headerField(options.procId, 128),
    headerField(event.eventName, 32),
  ];
  const sd = `[${SD_ID} eventId="${escapeParamValue(event.eventId)}" set="${escapeParamValue(setName)}"]`;
  return `${header.join(" ")} ${sd} ${JSON.stringify(deliveredRecord(event))}`;
}

/** `<octets> <msg>` (RFC 6587 octet counting). */
export function frameOctetCounted(message: string | Uint8Array): Buffer {
  const bytes = typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message);
  return Buffer.concat([Buffer.from(`${bytes.length} `, "ascii"), bytes]);
}

/**
 * Send a batch over one TCP connection: connect, write every frame, end, and resolve once the data is flushed and
 * the server has closed its side too (a reset on the way rejects, so the batch is sent again). Rejects with a
 * clear error on connection errors and after `timeoutMs` without progress.
 */
export function deliverToSyslog(
  target: SyslogTarget,
  setName: string,
  events: NormalisedEvent[],
  options: SyslogOptions = {},
): Promise<{ messages: number; bytes: number }> {
  const format = {
    facility: options.facility,
    hostname: options.hostname ?? os.hostname(),
    procId: options.procId ?? process.pid,
  };
  const payload = Buffer.concat(events.map((event) => frameOctetCounted(formatSyslogMessage(event, setName, format))));
  const result = { messages: events.length, bytes: payload.length };
  if (events.length === 0) return Promise.resolve(result);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const where = `${net.isIPv6(target.host) ? `[${target.host}]` : target.host}:${target.port}`;

  return new Promise((resolve, reject) => {
    let connected = false;
    let flushed = false;
    let settled = false;
    const socket = net.connect({ host: target.host, port: target.port });
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new Error(message));
    };
    socket.setTimeout(timeoutMs);
    socket.on("timeout", () =>
      fail(
        !connected
          ? `could not connect to syslog server ${where} within ${timeoutMs} ms`
          : !flushed
            ? `sending to syslog server ${where} stalled for ${timeoutMs} ms`
            : `syslog server ${where} did not close the connection within ${timeoutMs} ms of the batch`,
      ),
    );
    socket.on("error", (e) =>
      fail(
        connected
          ? `syslog connection to ${where} failed: ${e.message}`
          : `could not connect to syslog server ${where}: ${e.message}`,
      ),
    );
    socket.on("connect", () => {
      connected = true;
      socket.end(payload);
    });
    socket.on("finish", () => {
      flushed = true;
    });
    socket.on("close", () => {
      if (settled) return;
      if (flushed) {
        settled = true;
        resolve(result);
      } else fail(`syslog server ${where} closed the connection before the batch was sent`);
    });
    // Syslog servers send nothing; reading lets their close (FIN) arrive.
    socket.resume();
  });
}
