// Tracking-set destination "webhook": POST a batch to an HTTP(S) URL, signed, retried with backoff.
//
// Body (Content-Type: application/json; charset=utf-8), one JSON object per batch:
//   {"trackingSet":"<set name>","deliveryId":"<id>","events":[<delivered record>, ...]}
// Headers: X-Keytrail-Timestamp: <Unix seconds of this attempt>
//          X-Keytrail-Signature: sha256=<hex HMAC-SHA256, key = the set's secret (UTF-8), over `${timestamp}.${body}`>
//          X-Keytrail-Delivery: <deliveryId> (same on every retry, and by default the same for a redelivered batch:
//          a hash of the set name and the event IDs), so receivers can drop duplicates
//          User-Agent: Keytrail
// A receiver verifies (verifyWebhookSignature does exactly this): take the raw body bytes as received (before any
// JSON parsing), compute HMAC-SHA256(secret, timestamp + "." + body), compare with the header in constant time,
// and reject a timestamp more than a few minutes from its clock (replays). Each attempt is signed afresh with its
// own timestamp; the body is the same bytes every time.
//
// Outcome per attempt: 2xx delivered; 408, 429, 5xx, network errors and timeouts are retried (exponential backoff
// with jitter, or Retry-After on 429/503, capped at maxDelayMs); any other status (other 4xx; 3xx, since redirects
// are not followed) fails permanently. node:http(s) rather than fetch: one request per attempt, no hidden retries
// or redirects, a fresh connection each time (agent: false). Errors name the URL without user info or query string
// (either may carry a token) and never the secret. deliverWebhook sends any other JSON body (alarm notifications)
// with the same headers, signature and retries.
// Loopback, link-local and cloud metadata addresses are refused (lib/domain/webhook-address.ts) unless
// KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1: the host as written, and every address the name resolves to, through the
// lookup the connection itself uses, so the address checked is the address connected to (no DNS rebinding).
// Plain TypeScript: no database, no Next.js.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import dns, { type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { NormalisedEvent } from "@/lib/domain/event";
import { redactUrl } from "@/lib/domain/redact-url";
import { privateWebhooksAllowed, refusedWebhookAddress, refusedWebhookHost } from "@/lib/domain/webhook-address";
import { deliveredRecord } from "./delivered-record";

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookOptions {
  /** Per attempt, from connecting to the end of the response. Default 10 s. */
  timeoutMs?: number;
  /** Attempts in all (the first one included). Default 5. */
  attempts?: number;
  /** Backoff before the second attempt; doubled each time, with jitter. Default 1 s. */
  baseDelayMs?: number;
  /** Cap on any wait, Retry-After included. Default 60 s. */
  maxDelayMs?: number;
  /** X-Keytrail-Delivery; default: a hash of the set name and event IDs (deliverToWebhook) or of the body. */
  deliveryId?: string;
  /** Jitter source in [0, 1); Math.random by default. */
  random?: () => number;
  /** Deliver to loopback, link-local and metadata addresses too. Default: KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1. */
  allowPrivateAddresses?: boolean;
  /** The name resolver the guard wraps (tests stand in a resolver for DNS). Default: dns.lookup. */
  resolve?: typeof dns.lookup;
  /** Called before each wait (for logs; the error text holds no secret). */
  onRetry?: (retry: { attempt: number; delayMs: number; error: string }) => void;
}

export type WebhookResult =
  { ok: true; attempts: number } | { ok: false; attempts: number; error: string; permanent: boolean };

export const SIGNATURE_HEADER = "X-Keytrail-Signature";
export const TIMESTAMP_HEADER = "X-Keytrail-Timestamp";
export const DELIVERY_HEADER = "X-Keytrail-Delivery";

/** The exact body bytes POSTed for a batch. */
export function webhookBody(setName: string, deliveryId: string, events: NormalisedEvent[]): Buffer {
  return Buffer.from(JSON.stringify({ trackingSet: setName, deliveryId, events: events.map(deliveredRecord) }), "utf8");
}

/** Default delivery ID: the same batch of the same set gets the same ID, across retries and redeliveries. */
export function defaultDeliveryId(setName: string, events: NormalisedEvent[]): string {
  return createHash("sha256")
    .update(JSON.stringify([setName, events.map((e) => e.eventId)]))
    .digest("hex")
    .slice(0, 32);
}

/** `sha256=<hex>` over `${timestamp}.${body}`. */
export function signWebhook(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/**
 * For receivers (and tests): does `header` (X-Keytrail-Signature) sign this timestamp and exact body with the
 * secret? With toleranceSeconds, a timestamp further than that from `now` is rejected too.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string | Uint8Array,
  header: string | null | undefined,
  options: { toleranceSeconds?: number; now?: Date } = {},
): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match || !/^\d+$/.test(timestamp)) return false;
  if (options.toleranceSeconds !== undefined) {
    const now = (options.now ?? new Date()).getTime() / 1000;
    if (Math.abs(now - Number(timestamp)) > options.toleranceSeconds) return false;
  }
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}

/** The URL as shown in errors: no user info, no query string, no fragment. */
export function displayUrl(url: URL): string {
  return redactUrl(url.href);
}

type Attempt =
  { kind: "status"; status: number; retryAfter?: string } | { kind: "error"; message: string; permanent?: boolean };

const REFUSED_ADDRESS = "EWEBHOOKREFUSED";

/** dns.lookup, refusing a name any of whose addresses is refused (the connection uses the addresses it returns). */
const guardedLookup =
  (resolve: typeof dns.lookup) =>
  (hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = addresses.map((a) => refusedWebhookAddress(a.address)).find((reason) => reason !== null);
      if (refused)
        return callback(
          Object.assign(new Error(`${hostname} resolves to ${refused}: refused`), { code: REFUSED_ADDRESS }),
        );
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };

/** POST a tracking set's batch (body as in the header comment), retrying as it says. Never throws for delivery failures. */
export function deliverToWebhook(
  target: WebhookTarget,
  setName: string,
  events: NormalisedEvent[],
  options: WebhookOptions = {},
): Promise<WebhookResult> {
  const deliveryId = options.deliveryId ?? defaultDeliveryId(setName, events);
  return deliverWebhook(target, webhookBody(setName, deliveryId, events), { ...options, deliveryId });
}

/**
 * POST any JSON body (e.g. an alarm notification) signed and retried exactly like a batch. The default delivery
 * ID is a hash of the body, so the same body always carries the same ID.
 */
export async function deliverWebhook(
  target: WebhookTarget,
  json: string | Uint8Array,
  options: WebhookOptions = {},
): Promise<WebhookResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError("attempts must be a whole number, 1 or more");

  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { ok: false, attempts: 0, error: "the webhook URL is not a valid URL", permanent: true };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return {
      ok: false,
      attempts: 0,
      error: `the webhook URL must be http or https, not ${url.protocol}`,
      permanent: true,
    };
  }
  const shown = displayUrl(url);
  const allowPrivate = options.allowPrivateAddresses ?? privateWebhooksAllowed();
  const refusedHost = allowPrivate ? null : refusedWebhookHost(url.hostname);
  if (refusedHost) return { ok: false, attempts: 0, error: `${refusedHost}: refused (${shown})`, permanent: true };
  const body = typeof json === "string" ? Buffer.from(json, "utf8") : Buffer.from(json);
  const deliveryId = options.deliveryId ?? createHash("sha256").update(body).digest("hex").slice(0, 32);
  const times = (n: number) => `${n} attempt${n === 1 ? "" : "s"}`;

  for (let attempt = 1; ; attempt++) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(body.length),
      "User-Agent": "Keytrail",
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
      [DELIVERY_HEADER]: deliveryId,
    };
    const outcome = await post(
      url,
      headers,
      body,
      timeoutMs,
      allowPrivate ? undefined : guardedLookup(options.resolve ?? dns.lookup),
    );
    let error: string;
    let retryAfter: string | undefined;
    if (outcome.kind === "error") {
      error = `${outcome.message} (${shown})`;
      if (outcome.permanent) return { ok: false, attempts: attempt, error, permanent: true };
    } else {
      const { status } = outcome;
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt };
      error = `HTTP ${status} from ${shown}`;
      if (status < 500 && status !== 408 && status !== 429) {
        const why = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
        return { ok: false, attempts: attempt, error: `${error}${why} after ${times(attempt)}`, permanent: true };
      }
      if (status === 429 || status === 503) retryAfter = outcome.retryAfter;
    }
    if (attempt >= attempts)
      return { ok: false, attempts: attempt, error: `${error} after ${times(attempt)}`, permanent: false };
    const delayMs = retryDelay(attempt, { baseDelayMs, maxDelayMs, random, retryAfter });
    options.onRetry?.({ attempt, delayMs, error });
    await sleep(delayMs);
  }
}

/**
 * The wait after failed attempt `attempt` (1-based): Retry-After (seconds or an HTTP date) when given and valid,
 * else base * 2^(attempt-1) with "equal jitter" (half fixed, half random, so waits still grow); both capped.
 */
export function retryDelay(
  attempt: number,
  o: { baseDelayMs: number; maxDelayMs: number; random: () => number; retryAfter?: string; now?: number },
): number {
  if (o.retryAfter !== undefined) {
    const value = o.retryAfter.trim();
    const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - (o.now ?? Date.now());
    if (Number.isFinite(ms)) return Math.min(o.maxDelayMs, Math.max(0, ms));
  }
  const exponential = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + o.random() * (exponential / 2));
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
  lookup: ReturnType<typeof guardedLookup> | undefined,
): Promise<Attempt> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let retryAfter: string | undefined;
    let settled = false;
    const settle = (outcome: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
      request.destroy();
    };
    // Once the status line is in, the answer is known: a failure while reading the rest does not change it.
    const fail = (message: string, permanent = false) =>
      settle(status === undefined ? { kind: "error", message, permanent } : { kind: "status", status, retryAfter });
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      { method: "POST", headers, agent: false, lookup: lookup as unknown as typeof dns.lookup },
      (response) => {
        status = response.statusCode ?? 0;
        const header = response.headers["retry-after"];
        retryAfter = Array.isArray(header) ? header[0] : header;
        response.on("error", (e) => fail(e.message));
        response.on("end", () => settle({ kind: "status", status: status!, retryAfter }));
        response.resume(); // the response body is not used
      },
    );
    request.on("error", (e: NodeJS.ErrnoException) => fail(e.message, e.code === REFUSED_ADDRESS));
    const timer = setTimeout(() => fail(`no response within ${timeoutMs} ms`), timeoutMs);
    request.end(body);
  });
}
