// Local stand-ins for the clouds' event look-up APIs, one HTTP server per cloud on a free loopback port, so the
// poller's real clients (AWS SDK, @alicloud/pop-core, tencentcloud-sdk-nodejs) talk to them exactly as to the
// cloud. Each answers the documented request with the events it holds (filtered by StartTime/EndTime, newest
// first, paged with NextToken/MaxResults), CHECKS each request's signature with its key pair as the cloud
// documents it (AWS SigV4, re-signed with @smithy/signature-v4; Alibaba's RPC HMAC-SHA1; Tencent's
// TC3-HMAC-SHA256, computed here step by step) and refuses a bad one in the cloud's own error shape. It can be told
// to throttle the next N requests, to break off the next N answers mid-page, or to forget its page tokens.
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export type FakeCloud = "aws" | "alibaba" | "tencent";

/** One event as the API returns it, and the time the API filters it by. */
export interface FakeEvent {
  time: Date;
  item: Record<string, unknown>;
}

export interface FakeApiOptions {
  accessKeyId: string;
  secretAccessKey: string;
  events?: FakeEvent[];
  /** Cap on events per page below the request's MaxResults (to make several pages of a small dataset). */
  pageSize?: number;
  /** Called as each whole page is sent (1, 2, …): a test can kill its client there. */
  onPage?: (page: number) => void;
}

export interface FakeApi {
  cloud: FakeCloud;
  endpoint: string;
  /** Every request that reached it, and those it refused for their signature. */
  stats: { requests: number; pages: number; badSignatures: number; throttled: number; brokenOff: number };
  /** Each page request's window and token, in order (for asserting what the poller asked). */
  pageRequests: { start: Date; end: Date; nextToken?: string }[];
  add(events: FakeEvent[]): void;
  throttleNext(count: number): void;
  /** Answer every request as the cloud answers a key without the look-up permission. */
  deny(denied: boolean): void;
  /** Break off the next `count` page answers mid-page, after answering `after` pages whole first. */
  breakOffNext(count: number, after?: number): void;
  expireTokens(): void;
  stop(): Promise<void>;
}

interface Query {
  start: Date;
  end: Date;
  maxResults: number;
  nextToken?: string;
}

interface CloudProtocol {
  /** Checks the signature; returns the refusal to send, or the parsed query. */
  read(request: IncomingMessage, body: Buffer, keys: FakeApiOptions): Promise<{ refusal: Refusal } | { query: Query }>;
  throttled(): Refusal;
  denied(): Refusal;
  expiredToken(): Refusal;
  page(events: Record<string, unknown>[], nextToken: string | undefined): unknown;
}

interface Refusal {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  badSignature?: boolean;
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

// --- AWS CloudTrail: JSON 1.1, X-Amz-Target CloudTrail_20131101.LookupEvents, SigV4 for service cloudtrail ---
// The API reference writes the target in full; the SDK sends the short form, which CloudTrail also accepts.
const AWS_TARGETS = new Set([
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
  "CloudTrail_20131101.LookupEvents",
]);
const awsError = (status: number, type: string, message: string, badSignature = false): Refusal => ({
  status,
  body: { __type: type, message },
  headers: { "x-amzn-errortype": type },
  badSignature,
});

const aws: CloudProtocol = {
  async read(request, body, keys) {
    const auth =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/cloudtrail\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        String(request.headers.authorization ?? ""),
      );
    const amzDate = String(request.headers["x-amz-date"] ?? "");
    if (!auth || !/^\d{8}T\d{6}Z$/.test(amzDate))
      return { refusal: awsError(400, "IncompleteSignatureException", "Authorization header is malformed", true) };
    const [, accessKeyId, , region, signedHeaderList, signature] = auth;
    if (accessKeyId !== keys.accessKeyId)
      return {
        refusal: awsError(
          400,
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
          true,
        ),
      };
    const headers: Record<string, string> = {};
    for (const name of signedHeaderList.split(";")) headers[name] = String(request.headers[name] ?? "");
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    const signer = new SignatureV4({
      service: "cloudtrail",
      region,
      credentials: { accessKeyId, secretAccessKey: keys.secretAccessKey },
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false,
    });
    const date = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const resigned = await signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port) || undefined,
        path: url.pathname,
        headers,
        body,
      }),
      { signingDate: date, signableHeaders: new Set(Object.keys(headers)) },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? "";
    if (!same(expected, signature))
      return {
        refusal: awsError(
          400,
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided.",
          true,
        ),
      };
    if (!AWS_TARGETS.has(String(request.headers["x-amz-target"])))
      return { refusal: awsError(400, "UnknownOperationException", "only LookupEvents is recorded here") };
    const input = JSON.parse(body.toString("utf8") || "{}") as {
      StartTime?: number;
      EndTime?: number;
      MaxResults?: number;
      NextToken?: string;
    };
    return {
      query: {
        start: new Date((input.StartTime ?? 0) * 1000),
        end: input.EndTime !== undefined ? new Date(input.EndTime * 1000) : new Date(),
        maxResults: input.MaxResults ?? 50,
        nextToken: input.NextToken,
      },
    };
  },
  throttled: () => awsError(400, "ThrottlingException", "Rate exceeded"),
  denied: () => awsError(400, "AccessDeniedException", "User is not authorized to perform: cloudtrail:LookupEvents"),
  expiredToken: () => awsError(400, "InvalidNextTokenException", "Invalid NextToken"),
  page: (events, nextToken) => ({ Events: events, ...(nextToken ? { NextToken: nextToken } : {}) }),
};

// --- Alibaba ActionTrail LookupEvents 2020-07-06: RPC style, HMAC-SHA1 over the canonicalised parameters ---
const aliEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const aliError = (status: number, code: string, message: string, badSignature = false): Refusal => ({
  status,
  body: { RequestId: randomUUID().toUpperCase(), HostId: "actiontrail.local", Code: code, Message: message },
  badSignature,
});

const alibaba: CloudProtocol = {
  async read(request, body, keys) {
    const url = new URL(request.url ?? "/", "http://local");
    const params = new URLSearchParams(request.method === "POST" ? body.toString("utf8") : url.search);
    const signature = params.get("Signature") ?? "";
    if (params.get("AccessKeyId") !== keys.accessKeyId)
      return { refusal: aliError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.", true) };
    const canonical = [...params.entries()]
      .filter(([name]) => name !== "Signature")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${aliEncode(name)}=${aliEncode(value)}`)
      .join("&");
    const toSign = `${request.method}&${aliEncode("/")}&${aliEncode(canonical)}`;
    const expected = createHmac("sha1", `${keys.secretAccessKey}&`).update(toSign).digest("base64");
    if (params.get("SignatureMethod") !== "HMAC-SHA1" || !same(expected, signature))
      return {
        refusal: aliError(
          400,
          "SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation.",
          true,
        ),
      };
    if (params.get("Action") !== "LookupEvents" || params.get("Version") !== "2020-07-06")
      return { refusal: aliError(400, "InvalidAction.NotFound", "only LookupEvents 2020-07-06 is recorded here") };
    return {
      query: {
        start: new Date(params.get("StartTime") ?? 0),
        end: params.get("EndTime") ? new Date(params.get("EndTime")!) : new Date(),
        maxResults: Number(params.get("MaxResults") ?? 20),
        nextToken: params.get("NextToken") ?? undefined,
      },
    };
  },
  throttled: () => aliError(400, "Throttling.User", "Request was denied due to user flow control."),
  denied: () => aliError(403, "Forbidden.RAM", "User not authorized to operate on the specified resource."),
  expiredToken: () => aliError(400, "InvalidNextToken", "The NextToken is invalid or expired."),
  page: (events, nextToken) => ({
    RequestId: randomUUID().toUpperCase(),
    Events: events,
    ...(nextToken ? { NextToken: nextToken } : {}),
  }),
};

// --- Tencent CloudAudit LookUpEvents 2019-03-19: TC3-HMAC-SHA256 as documented ---
const tencentError = (code: string, message: string, badSignature = false): Refusal => ({
  status: 200,
  body: { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } },
  badSignature,
});

const tencent: CloudProtocol = {
  async read(request, body, keys) {
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        String(request.headers.authorization ?? ""),
      );
    const timestamp = String(request.headers["x-tc-timestamp"] ?? "");
    if (!auth || !/^\d+$/.test(timestamp))
      return { refusal: tencentError("AuthFailure.SignatureFailure", "The request signature is malformed.", true) };
    const [, secretId, date, service, signedHeaderList, signature] = auth;
    if (secretId !== keys.accessKeyId)
      return { refusal: tencentError("AuthFailure.SecretIdNotFound", "The SecretId is not found.", true) };
    if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date)
      return {
        refusal: tencentError("AuthFailure.SignatureFailure", "The credential date is not the request's.", true),
      };
    // Canonical headers: each signed header's name and value in lower case, name:value\n. The host is the name
    // without a port: the SDK signs it so, and the cloud listens on 443 where the two are the same.
    const canonicalHeaders = signedHeaderList
      .split(";")
      .map((name) => {
        const value = String(request.headers[name] ?? "").trim();
        return `${name}:${(name === "host" ? value.replace(/:\d+$/, "") : value).toLowerCase()}\n`;
      })
      .join("");
    const url = new URL(request.url ?? "/", "http://local");
    const canonicalRequest = [
      request.method,
      url.pathname,
      url.search.slice(1),
      canonicalHeaders,
      signedHeaderList,
      sha256Hex(body),
    ].join("\n");
    const scope = `${date}/${service}/tc3_request`;
    const toSign = ["TC3-HMAC-SHA256", timestamp, scope, sha256Hex(canonicalRequest)].join("\n");
    const signing = hmac(hmac(hmac(`TC3${keys.secretAccessKey}`, date), service), "tc3_request");
    const expected = createHmac("sha256", signing).update(toSign).digest("hex");
    if (!same(expected, signature))
      return {
        refusal: tencentError("AuthFailure.SignatureFailure", "The provided credentials could not be validated.", true),
      };
    if (request.headers["x-tc-action"] !== "LookUpEvents" || request.headers["x-tc-version"] !== "2019-03-19")
      return { refusal: tencentError("InvalidAction", "only LookUpEvents 2019-03-19 is recorded here") };
    const input = JSON.parse(body.toString("utf8") || "{}") as {
      StartTime: number;
      EndTime: number;
      MaxResults?: number;
      NextToken?: string;
    };
    return {
      query: {
        start: new Date(input.StartTime * 1000),
        end: new Date(input.EndTime * 1000),
        maxResults: input.MaxResults ?? 10,
        nextToken: input.NextToken,
      },
    };
  },
  throttled: () => tencentError("RequestLimitExceeded", "The number of requests exceeds the frequency limit."),
  denied: () => tencentError("AuthFailure.UnauthorizedOperation", "The request is not authorized by CAM."),
  expiredToken: () => tencentError("InvalidParameterValue.NextToken", "The NextToken is invalid or expired."),
  page: (events, nextToken) => ({
    Response: {
      Events: events,
      ListOver: !nextToken,
      ...(nextToken ? { NextToken: nextToken } : {}),
      RequestId: randomUUID(),
    },
  }),
};

const PROTOCOLS: Record<FakeCloud, CloudProtocol> = { aws, alibaba, tencent };

/** Starts one cloud's look-up API on a free loopback port. */
export async function startFakeApi(cloud: FakeCloud, options: FakeApiOptions): Promise<FakeApi> {
  const protocol = PROTOCOLS[cloud];
  const events: FakeEvent[] = [...(options.events ?? [])];
  let throttle = 0;
  let denied = false;
  let breakOff = 0;
  let breakAfter = 0;
  let generation = 0;
  const stats = { requests: 0, pages: 0, badSignatures: 0, throttled: 0, brokenOff: 0 };
  const pageRequests: FakeApi["pageRequests"] = [];

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": cloud === "aws" ? "application/x-amz-json-1.1" : "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    stats.requests++;
    const read = await protocol.read(request, Buffer.concat(chunks), options);
    if ("refusal" in read) {
      if (read.refusal.badSignature) stats.badSignatures++;
      return send(response, read.refusal.status, read.refusal.body, read.refusal.headers);
    }
    if (denied) {
      const refusal = protocol.denied();
      return send(response, refusal.status, refusal.body, refusal.headers);
    }
    if (throttle > 0) {
      throttle--;
      stats.throttled++;
      const refusal = protocol.throttled();
      return send(response, refusal.status, refusal.body, refusal.headers);
    }
    const { query } = read;
    let offset = 0;
    if (query.nextToken) {
      const token = parseToken(query.nextToken);
      if (!token || token.generation !== generation || token.start !== +query.start || token.end !== +query.end) {
        const refusal = protocol.expiredToken();
        return send(response, refusal.status, refusal.body, refusal.headers);
      }
      offset = token.offset;
    }
    pageRequests.push({ start: query.start, end: query.end, nextToken: query.nextToken });
    // Newest first, as the APIs answer; ties by position so pages never shuffle.
    const matching = events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => event.time >= query.start && event.time <= query.end)
      .sort((a, b) => +b.event.time - +a.event.time || a.index - b.index);
    const size = Math.max(1, Math.min(query.maxResults, options.pageSize ?? query.maxResults, 50));
    const slice = matching.slice(offset, offset + size).map(({ event }) => event.item);
    const next =
      offset + size < matching.length
        ? makeToken({ generation, start: +query.start, end: +query.end, offset: offset + size })
        : undefined;
    if (breakOff > 0 && breakAfter > 0) breakAfter--;
    else if (breakOff > 0) {
      // Headers and half the page, streamed, then the connection drops: the client must not take a partial page.
      // (Streamed, not with a Content-Length: node-fetch 2, under Tencent's SDK, only notices a drop there and
      // otherwise waits for its timeout.)
      breakOff--;
      stats.brokenOff++;
      const text = JSON.stringify(protocol.page(slice, next));
      response.writeHead(200, { "content-type": "application/json" });
      response.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => response.destroy(), 5);
      return;
    }
    stats.pages++;
    send(response, 200, protocol.page(slice, next));
    options.onPage?.(stats.pages);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { message: String(error) });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    cloud,
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    pageRequests,
    add: (more) => events.push(...more),
    throttleNext: (count) => (throttle = count),
    deny: (value) => (denied = value),
    breakOffNext: (count, after = 0) => {
      breakOff = count;
      breakAfter = after;
    },
    expireTokens: () => generation++,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface PageToken {
  generation: number;
  start: number;
  end: number;
  offset: number;
}
const makeToken = (token: PageToken) => Buffer.from(JSON.stringify(token)).toString("base64url");
function parseToken(text: string): PageToken | null {
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as PageToken;
  } catch {
    return null;
  }
}

// --- The datasets' records in each API's event shape ---

/** A CloudTrail record as LookupEvents returns it: summary fields, and the record itself as CloudTrailEvent. */
export function awsLookupEvent(record: Record<string, unknown>, raw = JSON.stringify(record)): FakeEvent {
  const time = new Date(String(record.eventTime));
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  return {
    time,
    item: {
      EventId: record.eventID,
      EventName: record.eventName,
      ReadOnly: String(record.readOnly ?? ""),
      ...(identity.accessKeyId ? { AccessKeyId: identity.accessKeyId } : {}),
      EventTime: time.getTime() / 1000,
      EventSource: record.eventSource,
      Username: identity.userName ?? identity.principalId,
      Resources: [],
      CloudTrailEvent: raw,
    },
  };
}

/** An ActionTrail event as LookupEvents returns it: the event object itself. */
export function alibabaLookupEvent(event: Record<string, unknown>): FakeEvent {
  return { time: new Date(String(event.eventTime)), item: event };
}

/** A CloudAudit LookUpEvents entry; its EventTime is China Standard Time or unix seconds, as the API writes it. */
export function tencentLookupEvent(entry: Record<string, unknown>): FakeEvent {
  const value = String(entry.EventTime);
  const time = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(`${value.replace(" ", "T")}+08:00`);
  return { time, item: entry };
}
