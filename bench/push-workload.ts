// Push: an EventBridge delivery POSTed to a push receiver (POST /api/v1/push/<token>) until its CloudTrail record
// is visible in the explorer (the event's page) and in the AccessKey audit (its key's call count), on the
// benchmark's large database; target p95 <= 1 s. Each run sends one new record (a CloudTrail record of the
// invictus set with a fresh event ID, the time now and the bench key) wrapped as EventBridge wraps it, with the
// connection's secret in X-Keytrail-Secret. The baseline, in the same run and over the same transport: the same
// operation sent to the signed ingest API (POST /api/v1/events) in Keytrail's own shape, timed the same way.
//
// Transport: the real HTTP route of the console server (scripts/server.ts, ./bench-server.ts) when a production
// build is present (.next/BUILD_ID); otherwise the route's handler called in process with Request objects (as
// ./freshness-workload.ts does). The result says which.
import { createBenchIngestKey } from "./bench-ingest-key";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { createConnection } from "@/lib/connections/manage-connections";
import { handlePushRequest } from "@/lib/connections/push/receive-push";
import type { Database } from "@/lib/db/client";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { findAuditedKey } from "@/lib/queries/access-key-audit";
import { listEvents } from "@/lib/queries/events";
import { dataset } from "../tests/fixtures/datasets";
import { startBenchServer, type BenchServer } from "./bench-server";
import { summarise, type Figure } from "./measure";

export interface PushRun {
  transport: "http" | "in-process";
  /** Push: sent to answered, and sent to visible in both the explorer and the audit (ms). */
  pushAnswered: Figure;
  pushVisible: Figure;
  /** The signed ingest API, the same way. */
  ingestAnswered: Figure;
  ingestVisible: Figure;
}

const TEMPLATE_FILE = dataset(
  "invictus-aws-cloudtrail",
  "CloudTrail",
  "218007301253_CloudTrail_us-east-1_20230710T1210Z_RBxlxVrF890sGHGg.json",
);

export async function measurePush(url: string, database: Database, runs: number): Promise<PushRun> {
  const http = existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
  // One key for both paths, so the audit reads the same key's rollups either way.
  const { account, user, key } = await createBenchIngestKey(database, {
    label: "push",
    displayName: "Push bench",
    keyPrefix: "AKIAPUSH",
  });
  const stamp = Date.now();
  const created = await createConnection(database, {
    kind: "push",
    name: `bench-push-${stamp}`,
    envelope: "eventbridge",
  });
  if (!created.ok || !created.push) throw new Error(`creating the push connection: ${created.ok ? "" : created.error}`);
  const token = created.push.url.split("/").pop()!;
  const pushSecret = created.push.secret;
  const template = (JSON.parse(readFileSync(TEMPLATE_FILE, "utf8")) as { Records: Record<string, unknown>[] })
    .Records[0];

  let server: BenchServer | null = null;
  let dataDir: string | null = null;
  try {
    if (http) {
      dataDir = mkdtempSync(path.join(tmpdir(), "keytrail-bench-push-"));
      server = await startBenchServer({
        databaseUrl: url,
        env: {
          AUTH_SECRET: randomBytes(32).toString("base64url"),
          AUTH_TRUST_HOST: "true",
          // The key the connection's and the AccessKey's secrets were encrypted with here.
          KEYTRAIL_ENCRYPTION_KEY: encryptionKey().toString("base64url"),
          KEYTRAIL_DATA_DIR: dataDir,
          NEXT_TELEMETRY_DISABLED: "1",
        },
      });
    }
    const base = server?.baseUrl ?? "http://keytrail.bench";
    const send = async (url: string, headers: Record<string, string>, body: string): Promise<number> => {
      if (server) {
        const response = await fetch(url, { method: "POST", headers, body });
        await response.arrayBuffer();
        return response.status;
      }
      const request = new Request(url, { method: "POST", headers, body });
      const response = url.includes("/api/v1/push/")
        ? await handlePushRequest(request, database, token)
        : await handleIngestRequest(request, database);
      await response.arrayBuffer();
      return response.status;
    };

    /** Sent to answered, and sent to visible in the explorer and the audit. */
    const timeOne = async (eventId: string, post: () => Promise<number>): Promise<[number, number]> => {
      const before = (await findAuditedKey(database, key.id, null))?.calls ?? 0;
      const filter = parseEventFilter(new URLSearchParams({ eventId, range: "24h" }), { now: new Date() });
      if (!filter.ok) throw new Error(filter.message);
      const sent = performance.now();
      const status = await post();
      if (status !== 200) throw new Error(`${eventId}: answered ${status}\n${server?.output() ?? ""}`);
      const answered = performance.now() - sent;
      while ((await listEvents(database, filter.value, null)).events.length === 0)
        await new Promise((r) => setTimeout(r, 1));
      while (((await findAuditedKey(database, key.id, null))?.calls ?? 0) < before + 1)
        await new Promise((r) => setTimeout(r, 1));
      return [answered, performance.now() - sent];
    };

    const pushAnswered: number[] = [];
    const pushVisible: number[] = [];
    const ingestAnswered: number[] = [];
    const ingestVisible: number[] = [];
    // One untimed round of each first: the server's first request to a route loads its code.
    for (let run = -1; run < runs; run++) {
      const now = new Date();
      const pushId = `bench-push-${run}-${randomBytes(4).toString("hex")}`;
      const record = {
        ...template,
        eventID: pushId,
        eventTime: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
        recipientAccountId: account.accountId,
        userIdentity: {
          ...(template.userIdentity as Record<string, unknown>),
          accountId: account.accountId,
          userName: user.userName,
          accessKeyId: key.id,
        },
      };
      const envelope = JSON.stringify({
        version: "0",
        id: randomBytes(8).toString("hex"),
        "detail-type": "AWS API Call via CloudTrail",
        source: "aws.iam",
        account: account.accountId,
        time: record.eventTime,
        region: "us-east-1",
        resources: [],
        detail: record,
      });
      const pushUrl = `${base}/api/v1/push/${token}`;
      const [pa, pv] = await timeOne(pushId, () =>
        send(pushUrl, { "content-type": "application/json", "x-keytrail-secret": pushSecret }, envelope),
      );

      const ingestId = `bench-push-baseline-${run}-${randomBytes(4).toString("hex")}`;
      const ingestUrl = `${base}/api/v1/events`;
      const body = JSON.stringify({
        events: [
          {
            eventId: ingestId,
            eventTime: new Date().toISOString(),
            eventName: String(template.eventName),
            eventSource: String(template.eventSource),
            accountId: account.accountId,
            userIdentity: { type: "SubUser", userName: user.userName, accessKeyId: key.id },
            sourceIpAddress: "203.0.113.9",
          },
        ],
      });
      const headers = await signRequest({ url: ingestUrl, body, accessKeyId: key.id, secret: key.secret });
      if (server) delete headers.host; // fetch sets Host itself, to the value the signature covers
      // The sent event is a client's claim (origin "api"), not a use of the key: the audit's count moves with the
      // API call's own record, stored in the same transaction.
      const [ia, iv] = await timeOne(ingestId, () => send(ingestUrl, headers, body));
      if (run < 0) continue;
      pushAnswered.push(pa);
      pushVisible.push(pv);
      ingestAnswered.push(ia);
      ingestVisible.push(iv);
    }
    return {
      transport: server ? "http" : "in-process",
      pushAnswered: summarise(pushAnswered),
      pushVisible: summarise(pushVisible),
      ingestAnswered: summarise(ingestAnswered),
      ingestVisible: summarise(ingestVisible),
    };
  } finally {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
