// Ingest under load: four signed API clients sending 2,000 events/s between them (batches of 100, paced) for a
// while, against the large database, while the explorer's first page is read over and over (as a user paging
// would): every accepted event must be stored exactly once, no request may fail, and the explorer's p95 under
// load is compared with its p95 on the idle database just before.
import { randomBytes } from "node:crypto";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { listEvents } from "@/lib/queries/events";
import { summarise, type Figure } from "./measure";

const URL_ = "http://keytrail.bench/api/v1/events";
const CLIENTS = 4;
const BATCH = 100;

export interface LoadRun {
  seconds: number;
  sent: number;
  accepted: number;
  /** Answered as already stored: never expected here (every eventId is new). */
  duplicates: number;
  rejected: number;
  stored: number;
  failedRequests: number;
  eventsPerSecond: number;
  idle: Figure;
  loaded: Figure;
}

async function explorerPage(database: Database, cursor: string | null) {
  const params = new URLSearchParams({ range: "30d", ...(cursor ? { cursor } : {}) });
  const parsed = parseEventFilter(params, { now: new Date() });
  if (!parsed.ok) throw new Error(parsed.message);
  const started = performance.now();
  const page = await listEvents(database, { ...parsed.filter, limit: 50 }, null);
  return { ms: performance.now() - started, next: page.nextCursor };
}

/** Pages forward through the explorer (back to page 1 after 20 pages) until `until`; each page's time. */
async function browse(database: Database, until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  while (!until()) {
    const { ms, next } = await explorerPage(database, cursor);
    times.push(ms);
    cursor = ++pages % 20 === 0 ? null : next;
    await new Promise((r) => setTimeout(r, 5));
  }
  return times;
}

export async function measureLoad(database: Database, seconds: number, eventsPerSecond = 2_000): Promise<LoadRun> {
  const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
  const account = await database.db.account.findFirstOrThrow();
  const stamp = Date.now();
  const user = await database.db.user.create({ data: { accountId: account.id, userName: `bench-load-${stamp}`, principalId: `p-bench-load-${stamp}`, displayName: "Load bench", userType: "SubUser" } });
  const key = { id: `LTAILOAD${randomBytes(8).toString("hex").toUpperCase()}`, secret: randomBytes(15).toString("hex") };
  await database.db.accessKey.create({ data: { accessKeyId: key.id, userId: user.id, status: "Active", secretEncrypted: encryptSecret(key.secret, encryptionKey(env)) } });

  const idleEnd = Date.now() + Math.min(10_000, seconds * 1000);
  const idle = summarise(await browse(database, () => Date.now() > idleEnd));

  const end = Date.now() + seconds * 1000;
  const ids: string[] = [];
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  let failedRequests = 0;
  const interval = (CLIENTS * BATCH * 1000) / eventsPerSecond; // ms between one client's batches
  const client = async (c: number) => {
    for (let n = 0; Date.now() < end; n++) {
      const started = Date.now();
      const batch = Array.from({ length: BATCH }, (_, i) => `load-${stamp}-${c}-${n}-${i}`);
      ids.push(...batch);
      const body = JSON.stringify({
        events: batch.map((eventId) => ({
          eventId, eventTime: new Date().toISOString(), eventName: "DescribeInstances", eventSource: "ecs.aliyuncs.com", accountId: account.accountId,
          userIdentity: { type: "SubUser", userName: user.userName, accessKeyId: key.id }, sourceIpAddress: `203.0.113.${c}`,
        })),
      });
      const headers = await signRequest({ url: URL_, body, accessKeyId: key.id, secret: key.secret });
      const response = await handleIngestRequest(new Request(URL_, { method: "POST", headers, body }), database, { env });
      if (response.status === 200) {
        const answer = (await response.json()) as { accepted: number; duplicates: number; rejected: number };
        accepted += answer.accepted;
        duplicates += answer.duplicates;
        rejected += answer.rejected;
      }
      else failedRequests++;
      await new Promise((r) => setTimeout(r, Math.max(0, interval - (Date.now() - started))));
    }
  };
  const [loadedTimes] = await Promise.all([browse(database, () => Date.now() > end), ...Array.from({ length: CLIENTS }, (_, c) => client(c))]);
  let stored = 0;
  for (let i = 0; i < ids.length; i += 500) stored += await database.db.event.count({ where: { eventId: { in: ids.slice(i, i + 500) } } });
  return { seconds, sent: ids.length, accepted, duplicates, rejected, stored, failedRequests, eventsPerSecond: accepted / seconds, idle, loaded: summarise(loadedTimes) };
}
