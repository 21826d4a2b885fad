// The push receiver (POST /api/v1/push/<token>) end to end against a real database: connections made by the
// management service, real Request objects through the route's own handlers, the datasets' records wrapped as the
// clouds' event buses wrap them (CloudTrail in EventBridge events, ActionTrail and CloudAudit in CloudEvents,
// single and batched). Covers the exact counts, redelivery, every refusal (and that a refusal stores nothing), the
// optional signature, pausing and rotating, the events' visibility in the explorer and the AccessKey audit within a
// team lead's scope, and that the secret appears in no answer, event, problem or log line.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/v1/push/[token]/route";
import { PUSH_DOOR_ERRORS } from "@/lib/api/push-door";
import { handlePushRequest } from "@/lib/connections/push/receive-push";
import { createConnection, rotatePushSecret, setConnectionPaused } from "@/lib/connections/manage-connections";
import { signWebhook } from "@/lib/delivery/webhook-destination";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { findAuditedKey } from "@/lib/queries/access-key-audit";
import { listEvents } from "@/lib/queries/events";
import { userScopeOf } from "@/lib/queries/scope";
import { dataset } from "../fixtures/datasets";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const HOST = "http://keytrail.test:3000";

type Json = Record<string, unknown>;
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

// CloudTrail: one delivery file of the invictus set, 20 records by IAM user bert-jan (16 with his AccessKey).
const cloudTrail = readJson<{ Records: Json[] }>(
  dataset(
    "invictus-aws-cloudtrail",
    "CloudTrail",
    "218007301253_CloudTrail_us-east-1_20230710T1210Z_RBxlxVrF890sGHGg.json",
  ),
).Records;
const AWS_KEY = "AKIATFQR7NSC8Q4X20BJ";
// ActionTrail: the 21 sample events (20 distinct event IDs: one is delivered twice).
const actionTrail = readFileSync(dataset("alibaba-actiontrail-samples", "actiontrail_events.normalized.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { event: Json }).event);
// CloudAudit: the DescribeEvents example's event as the API answers it, the same event as its raw record, and the
// LookUpEvents example's event, whose CloudAuditEvent is broken JSON upstream.
const examples = readJson<{ actions: Record<string, { output: string }[]> }>(
  dataset("tencent-cloudaudit-examples", "examples.json"),
);
const eventsOf = (action: string) =>
  (JSON.parse(examples.actions[action][0].output) as { Response: { Events: Json[] } }).Response.Events;
const describedEvent = eventsOf("DescribeEvents")[0];
const describedRecord = readJson<{ event: Json }>(
  dataset("tencent-cloudaudit-examples", "describe_events_example_event.decoded.json"),
).event;
const lookedUpEvent = eventsOf("LookUpEvents")[0];

const eventBridge = (detail: Json, n: number, detailType = "AWS API Call via CloudTrail") => ({
  version: "0",
  id: `eb-${n}`,
  "detail-type": detailType,
  source: `aws.${String(detail.eventSource).split(".")[0]}`,
  account: "123837392027",
  time: detail.eventTime,
  region: "us-east-1",
  resources: [],
  detail,
});
const alibabaEvent = (data: Json, n: number) => ({
  specversion: "1.0",
  id: `ali-${n}`,
  source: "acs.actiontrail",
  type: `${String(data.serviceName ?? "actiontrail").toLowerCase()}:ActionTrail:ApiCall`,
  subject: "acs.actiontrail:cn-hangzhou:5558349267652842:event",
  time: data.eventTime,
  datacontenttype: "application/json;charset=utf-8",
  aliyunaccountid: "5558349267652842",
  aliyuneventbusname: "default",
  data,
});
const tencentEvent = (data: Json, n: number) => ({
  specversion: "1.0",
  id: `tc-${n}`,
  source: "cloudaudit.cloud.tencent",
  type: "cloudaudit:CloudEvent:ConsoleCall",
  subject: "qcs::cloudaudit:ap-guangzhou:uin/1000000000",
  time: 1680513809000,
  region: "ap-guangzhou",
  datacontenttype: "application/json;charset=utf-8",
  data,
});

interface Receiver {
  id: number;
  token: string;
  url: string;
  secret: string;
}
let aws: Receiver;
let alibaba: Receiver;
let tencent: Receiver;
const answers: string[] = [];
const logged: string[] = [];

async function receiver(name: string, envelope: "eventbridge" | "cloudevents"): Promise<Receiver> {
  const created = await createConnection(database, { kind: "push", name, envelope }, { baseUrl: HOST });
  if (!created.ok || !created.push)
    throw new Error(`creating ${name}: ${created.ok ? "no push address" : created.error}`);
  expect(created.push.url).toMatch(new RegExp(`^${HOST}/api/v1/push/[A-Za-z0-9_-]{43}$`));
  expect(created.push.header).toBe("X-Keytrail-Secret");
  return {
    id: created.id,
    token: created.push.url.split("/").pop()!,
    url: created.push.url,
    secret: created.push.secret,
  };
}

interface PostOptions {
  secret?: string | null;
  headers?: Record<string, string>;
  rawBody?: string | ReadableStream<Uint8Array>;
  token?: string;
}

/** POST through the route's own handler (as Next calls it), and the status and answer. */
async function post(to: Receiver, body: unknown, options: PostOptions = {}) {
  const secret = options.secret === undefined ? to.secret : options.secret;
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (secret !== null) headers["x-keytrail-secret"] = secret;
  const token = options.token ?? to.token;
  const request = new Request(`${HOST}/api/v1/push/${token}`, {
    method: "POST",
    headers,
    body: options.rawBody ?? JSON.stringify(body),
    ...(options.rawBody instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await POST(request, { params: Promise.resolve({ token }) });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, json: JSON.parse(text) as Json, headers: response.headers };
}

const count = () => db.event.count();
const connection = (id: number) => db.connection.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  await resetDatabase(database);
  for (const method of ["log", "info", "warn", "error"] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  // The AWS account's directory: bert-jan, led by lead-aws; lead-other leads a team without him.
  const account = await db.account.create({ data: { accountId: "123837392027", name: "AWS account" } });
  const user = (userName: string, consoleRole: string | null = null) =>
    db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "IAMUser",
        consoleRole,
        consoleAccess: consoleRole !== null,
      },
    });
  const bert = await user("bert-jan");
  const leadAws = await user("lead-aws", "TeamLead");
  const leadOther = await user("lead-other", "TeamLead");
  const someone = await user("someone-else");
  const group = (name: string, members: { userId: number; isLead?: boolean }[]) =>
    db.group.create({ data: { accountId: account.id, name, memberships: { create: members } } });
  await group("aws-team", [{ userId: leadAws.id, isLead: true }, { userId: bert.id }]);
  await group("other-team", [{ userId: leadOther.id, isLead: true }, { userId: someone.id }]);
  aws = await receiver("aws-push", "eventbridge");
  alibaba = await receiver("alibaba-push", "cloudevents");
  tencent = await receiver("tencent-push", "cloudevents");
});

afterAll(async () => {
  vi.restoreAllMocks();
  await db.$disconnect();
});

describe("EventBridge deliveries", () => {
  it("store a single CloudTrail record at once, then a batch, each record once", async () => {
    expect(await post(aws, eventBridge(cloudTrail[0], 0))).toMatchObject({
      status: 200,
      json: { accepted: 1, duplicates: 0, rejected: 0 },
    });
    const batch = cloudTrail.map((record, n) => eventBridge(record, n));
    expect(await post(aws, batch)).toMatchObject({ status: 200, json: { accepted: 19, duplicates: 1, rejected: 0 } });
    expect(await count()).toBe(20);
    const stored = await db.event.findUniqueOrThrow({ where: { eventId: String(cloudTrail[3].eventID) } });
    // The record's text, re-serialised from the parsed envelope.
    expect(stored).toMatchObject({ origin: "cloudtrail", raw: JSON.stringify(cloudTrail[3]) });
  });

  it("store nothing new when the same delivery comes again", async () => {
    const batch = cloudTrail.map((record, n) => eventBridge(record, n));
    expect(await post(aws, batch)).toMatchObject({ status: 200, json: { accepted: 0, duplicates: 20, rejected: 0 } });
    expect(await count()).toBe(20);
    expect(await connection(aws.id)).toMatchObject({
      eventsImported: 20,
      duplicates: 21,
      rejected: 0,
      pushRefused: 0,
      newestEventTime: new Date("2023-07-10T12:08:48Z"),
    });
    expect(await db.connectionRun.findMany({ where: { connectionId: aws.id }, orderBy: { id: "asc" } })).toEqual([
      expect.objectContaining({ mode: "push", ok: true, imported: 1, duplicates: 0, rejected: 0 }),
      expect.objectContaining({ mode: "push", ok: true, imported: 19, duplicates: 1, rejected: 0 }),
      expect.objectContaining({ mode: "push", ok: true, imported: 0, duplicates: 20, rejected: 0 }),
    ]);
    expect((await connection(aws.id)).lastSuccessAt).toBeInstanceOf(Date);
  });

  it("store the rest of a batch and name the entry it could not take", async () => {
    const insight = { ...eventBridge({ insightDetails: { state: "Start" } }, 90, "AWS Insight via CloudTrail") };
    const console_ = { ...cloudTrail[5], eventID: "push-console-sign-in", eventName: "ConsoleLogin" };
    const answer = await post(aws, [
      eventBridge(console_, 91, "AWS Console Sign In via CloudTrail"),
      insight,
      eventBridge(cloudTrail[1], 92),
    ]);
    const problems = [
      {
        source: expect.stringMatching(/^delivery [0-9a-f]{16}, entry 2$/),
        reason: expect.stringMatching(
          /^event "eb-90": detail-type "AWS Insight via CloudTrail" carries no CloudTrail record/,
        ),
      },
    ];
    expect(answer).toMatchObject({ status: 200, json: { accepted: 1, duplicates: 1, rejected: 1, problems } });
    expect(await count()).toBe(21);
    expect(await db.connectionProblem.findMany({ where: { connectionId: aws.id } })).toEqual([
      expect.objectContaining(problems[0]),
    ]);
  });
});

describe("CloudEvents deliveries", () => {
  it("store an ActionTrail event from Alibaba EventBridge, then the samples as a batch", async () => {
    const before = await count();
    expect(await post(alibaba, alibabaEvent(actionTrail[0], 0))).toMatchObject({
      status: 200,
      json: { accepted: 1, duplicates: 0, rejected: 0 },
    });
    expect(actionTrail).toHaveLength(21);
    const batch = actionTrail.map((event, n) => alibabaEvent(event, n));
    expect(
      await post(alibaba, batch, { headers: { "content-type": "application/cloudevents-batch+json; charset=utf-8" } }),
    ).toMatchObject({ status: 200, json: { accepted: 19, duplicates: 2, rejected: 0 } });
    expect(await count()).toBe(before + 20);
    expect(await db.event.count({ where: { origin: "actiontrail" } })).toBe(20);
  });

  it("store CloudAudit events from Tencent EventBridge; the broken one is named and the rest stored", async () => {
    const before = await count();
    const answer = await post(tencent, [
      tencentEvent(describedEvent, 1),
      tencentEvent(describedRecord, 2),
      tencentEvent(lookedUpEvent, 3),
    ]);
    expect(answer).toMatchObject({
      status: 200,
      json: {
        accepted: 1,
        duplicates: 1,
        rejected: 1,
        problems: [
          {
            source: expect.stringMatching(/^delivery [0-9a-f]{16}, entry 3$/),
            reason: expect.stringMatching(/^CloudAuditEvent: invalid JSON/),
          },
        ],
      },
    });
    expect(await count()).toBe(before + 1);
    expect(await db.event.findMany({ where: { origin: "cloudaudit" }, select: { eventId: true } })).toEqual([
      { eventId: "008ef803-4549-41fe-a7e6-433122273683" },
    ]);
    expect(await connection(tencent.id)).toMatchObject({ eventsImported: 1, duplicates: 1, rejected: 1 });
  });

  it("refuse an EventBridge event sent to a CloudEvents receiver, by name", async () => {
    expect(await post(alibaba, eventBridge(cloudTrail[0], 0))).toMatchObject({
      status: 200,
      json: {
        accepted: 0,
        rejected: 1,
        problems: [
          {
            reason:
              'an EventBridge event, but this connection takes CloudEvents events (its envelope is "cloudevents")',
          },
        ],
      },
    });
  });
});

describe("refusals", () => {
  it("answer a wrong or missing secret 401, count it and store nothing", async () => {
    const before = await count();
    const fresh = { ...cloudTrail[0], eventID: "push-wrong-secret" };
    for (const secret of ["not-the-secret", null, `${aws.secret}x`, alibaba.secret]) {
      expect(await post(aws, eventBridge(fresh, 1), { secret })).toMatchObject({
        status: 401,
        json: { error: PUSH_DOOR_ERRORS.secret },
      });
    }
    expect(await count()).toBe(before);
    expect(await connection(aws.id)).toMatchObject({ pushRefused: 4 });
  });

  it("verify a signature when one is sent, within 5 minutes", async () => {
    const body = JSON.stringify(eventBridge({ ...cloudTrail[2], eventID: "push-signed" }, 1));
    const now = Math.floor(Date.now() / 1000);
    const signed = (timestamp: number, secret = aws.secret, signedBody = body) => ({
      "x-keytrail-timestamp": String(timestamp),
      "x-keytrail-signature": signWebhook(secret, String(timestamp), signedBody),
    });
    const before = await count();
    const refused = { status: 401, json: { error: PUSH_DOOR_ERRORS.signature } };
    expect(await post(aws, null, { rawBody: body, headers: signed(now, "another-secret") })).toMatchObject(refused);
    expect(await post(aws, null, { rawBody: body, headers: signed(now, aws.secret, `${body} `) })).toMatchObject(
      refused,
    );
    expect(await post(aws, null, { rawBody: body, headers: signed(now - 301) })).toMatchObject(refused);
    expect(
      await post(aws, null, {
        rawBody: body,
        headers: { "x-keytrail-signature": signed(now)["x-keytrail-signature"] },
      }),
    ).toMatchObject(refused);
    expect(await count()).toBe(before);
    expect(await connection(aws.id)).toMatchObject({ pushRefused: 8 });
    expect(await post(aws, null, { rawBody: body, headers: signed(now - 200) })).toMatchObject({
      status: 200,
      json: { accepted: 1 },
    });
  });

  it("answer an unknown token 404 without a hint, and any method but POST 405", async () => {
    const notFound = { status: 404, json: { error: "Not found" } };
    expect(await post(aws, [], { token: "A".repeat(43) })).toEqual(expect.objectContaining(notFound));
    expect(await post(aws, [], { token: "not a token" })).toEqual(expect.objectContaining(notFound));
    const get = GET();
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("answer a body over 5 MB 413 without reading it all, and bad JSON 400 with the reason", async () => {
    const before = await count();
    const big = "x".repeat(5 * 1024 * 1024 + 1);
    expect(await post(aws, null, { rawBody: big })).toMatchObject({
      status: 413,
      json: { error: PUSH_DOOR_ERRORS.tooLarge },
    });
    // No Content-Length: a stream of 1 MB chunks, cut off at the first byte past the cap.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 20) controller.close();
        else controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
      },
    });
    expect(await post(aws, null, { rawBody: stream })).toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(10);
    expect(await post(aws, null, { rawBody: '{"version":"0",' })).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/^Body is not valid JSON: /) },
    });
    expect(await post(aws, "just a string")).toMatchObject({
      status: 400,
      json: {
        error:
          "Body refused: the body must be an EventBridge event (a JSON object) or a JSON array of them, not a string",
      },
    });
    expect(await count()).toBe(before);
  });

  it("answer a paused connection 503 with Retry-After, so the bus retries; resumed, it takes the delivery", async () => {
    const delivery = eventBridge({ ...cloudTrail[4], eventID: "push-while-paused" }, 1);
    await setConnectionPaused(database, aws.id, true);
    const paused = await post(aws, delivery);
    expect(paused.status).toBe(503);
    expect(paused.headers.get("retry-after")).toBe("60");
    expect(await db.event.count({ where: { eventId: "push-while-paused" } })).toBe(0);
    await setConnectionPaused(database, aws.id, false);
    expect(await post(aws, delivery)).toMatchObject({ status: 200, json: { accepted: 1 } });
  });

  it("refuse the old secret as soon as it is rotated", async () => {
    const old = aws.secret;
    const rotated = await rotatePushSecret(database, aws.id, { baseUrl: HOST });
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.url).toBe(aws.url);
    aws = { ...aws, secret: rotated.secret };
    const delivery = eventBridge({ ...cloudTrail[6], eventID: "push-after-rotation" }, 1);
    expect(await post(aws, delivery, { secret: old })).toMatchObject({ status: 401 });
    expect(await post(aws, delivery)).toMatchObject({ status: 200, json: { accepted: 1 } });
  });
});

describe("what the receiver stored", () => {
  const filterOf = (query: string) => {
    const parsed = parseEventFilter(
      new URLSearchParams(`from=2019-01-01T00:00:00Z&to=${new Date().toISOString()}&limit=1000&${query}`),
      { now: new Date(), maxLimit: 1000 },
    );
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  const viewer = async (userName: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { userName } });
    return userScopeOf(database, { id: user.id, role: "TeamLead" });
  };

  it("is visible at once in the explorer and the AccessKey audit, within a team lead's scope", async () => {
    const awsIds = new Set([
      ...cloudTrail.map((r) => String(r.eventID)),
      "push-console-sign-in",
      "push-signed",
      "push-while-paused",
      "push-after-rotation",
    ]);
    const all = (await listEvents(database, filterOf(""), null)).events;
    expect(all).toHaveLength(awsIds.size + 20 + 1);
    const ofKey = (await listEvents(database, filterOf(`accessKeyId=${AWS_KEY}`), null)).events;
    const withKey = cloudTrail.filter((r) => (r.userIdentity as Json).accessKeyId === AWS_KEY).length;
    expect(withKey).toBe(16);
    // cloudTrail[2], [4], [5] and [6] carry the key too, and came again under new event IDs.
    expect(ofKey).toHaveLength(withKey + 4);
    expect((await findAuditedKey(database, AWS_KEY, null))?.calls).toBe(withKey + 4);

    const leadAws = await viewer("lead-aws");
    const scoped = (await listEvents(database, filterOf(""), leadAws)).events.map((e) => e.eventId);
    expect(new Set(scoped)).toEqual(awsIds);
    expect((await findAuditedKey(database, AWS_KEY, leadAws))?.calls).toBe(withKey + 4);

    const leadOther = await viewer("lead-other");
    expect((await listEvents(database, filterOf(""), leadOther)).events).toEqual([]);
    expect(await findAuditedKey(database, AWS_KEY, leadOther)).toBeNull();
  });

  it("never holds the secret, nor shows it in an answer, a problem or a log line", async () => {
    const secrets = [aws.secret, alibaba.secret, tencent.secret];
    const rows = JSON.stringify(await db.event.findMany());
    const problems = JSON.stringify(await db.connectionProblem.findMany());
    const connections = JSON.stringify(await db.connection.findMany());
    for (const secret of secrets) {
      expect(rows).not.toContain(secret);
      expect(problems).not.toContain(secret);
      expect(connections).not.toContain(secret);
      for (const text of [...answers, ...logged]) expect(text).not.toContain(secret);
    }
    for (const text of logged) expect(text).not.toContain(aws.token);
  });

  it("is the same through the plain handler the route calls", async () => {
    const response = await handlePushRequest(
      new Request(aws.url, {
        method: "POST",
        headers: { "x-keytrail-secret": aws.secret },
        body: JSON.stringify(eventBridge(cloudTrail[0], 0)),
      }),
      database,
      aws.token,
    );
    expect({ status: response.status, json: await response.json() }).toEqual({
      status: 200,
      json: { accepted: 0, duplicates: 1, rejected: 0 },
    });
  });
});
