// Ingest under load, end to end (issue 7): the production server (scripts/server.ts, started by ./bench-server.ts) on the
// benchmark's large database; four signed API clients POSTing batches of 100 over HTTP to /api/v1/events, 2,000
// events/s between them (paced), for --load-seconds; and meanwhile a person in Chromium (./browser-explorer.ts),
// signed in through /login as an administrator made for the run, paging through the explorer
// (/operation-records, last 30 days) with its "Next page" link, back to page 1 every 20 pages. Every accepted
// event must be stored exactly once and no request may fail (API or browser); the explorer page's p95 under load,
// click to rows shown, is compared with its p95 on the idle server just before (min(30 s, --load-seconds): about
// 150 pages, so that p95 is not one slow page).
// Needs a prior `npx next build`.
import { createBenchIngestKey } from "./bench-ingest-key";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { signRequest } from "@/lib/api/sign-request";
import { ALARM_CURSOR } from "@/lib/alarms/alarm-engine";
import type { Database } from "@/lib/db/client";
import { createAdministrator } from "@/lib/directory/create-administrator";
import { assertProductionBuild, startBenchServer, type BenchServer } from "./bench-server";
import { openExplorerSession, type ExplorerSession } from "./browser-explorer";
import { summarise, type Figure } from "./measure";

const CLIENTS = 4;
const BATCH = 100;
const EXPLORER_PATH = "/operation-records?range=30d";
/** Untimed pages first: the server's first requests load its code, the browser's fill its caches. */
const WARM_UP_MS = 3_000;

export interface LoadRun {
  seconds: number;
  /** Every event sent, the warm-up's one included; accepted, duplicates, rejected and stored count the same. */
  sent: number;
  accepted: number;
  /** Answered as already stored: never expected here (every eventId is new). */
  duplicates: number;
  rejected: number;
  stored: number;
  /** Ingest requests not answered 200 (or not answered at all). */
  failedRequests: number;
  /** What they were: "503" (status) or the fetch error, with counts. */
  failures: Record<string, number>;
  /** The browser's requests that failed (5xx or no answer), idle and loaded phases. */
  explorerFailedRequests: string[];
  /** Accepted under load (the warm-up's event not included), per second of the loaded phase. */
  eventsPerSecond: number;
  /** One ingest request under load, sent to answered (ms). */
  ingestRequest: Figure;
  /** Explorer page in the browser, click to rows shown (ms): on the idle server, and under the ingest load. */
  idle: Figure;
  loaded: Figure;
}

export async function measureLoad(
  url: string,
  database: Database,
  seconds: number,
  eventsPerSecond = 2_000,
): Promise<LoadRun> {
  assertProductionBuild();
  // The server's settings (see playwright.config.ts's webServer and lib/config): its own secrets and, once the
  // run starts, a data directory of its own; the encryption key is the one the load client's AccessKey secret is
  // encrypted with below.
  const serverEnv: Record<string, string> = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
    // One sign-in from 127.0.0.1 is all this does; the throttle must not count any other failure against it.
    KEYTRAIL_SIGNIN_IP_MAX_FAILURES: "1000",
  };
  const { db } = database;
  const { account, user, key } = await createBenchIngestKey(database, {
    label: "load",
    displayName: "Load bench",
    keyPrefix: "LTAILOAD",
    env: serverEnv,
  });
  const stamp = Date.now();
  // The person in the browser: an Administrator with a real password, as `npm run create-admin` makes one. No MFA
  // device, so no login protection: the form signs in with the password alone (as the browser tests' users).
  const admin = { userName: `bench-admin-${stamp}`, password: randomBytes(18).toString("base64url") };
  const created = await createAdministrator(database, {
    ...admin,
    displayName: "Load bench administrator",
    mustChangePassword: false,
  });
  if (!created.ok) throw new Error(`Creating the bench administrator: ${created.message}`);
  // A running server's alarm engine has caught up with the stream; a fresh one on this database would otherwise
  // evaluate every loaded event during the run.
  const end0 = (await db.event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0;
  await db.streamCursor.upsert({
    where: { name: ALARM_CURSOR },
    create: { name: ALARM_CURSOR, position: end0 },
    update: { position: end0 },
  });

  let dataDir: string | null = null;
  let server: BenchServer | null = null;
  let browser: ExplorerSession | null = null;
  const ids: string[] = [];
  const answers = { accepted: 0, duplicates: 0, rejected: 0 };
  let failedRequests = 0;
  const failures: Record<string, number> = {};
  const requestTimes: number[] = [];
  let acceptedUnderLoad = 0;
  let idle: Figure;
  let loaded: Figure;
  let explorerFailedRequests: string[];
  try {
    dataDir = mkdtempSync(path.join(tmpdir(), "keytrail-bench-load-"));
    serverEnv.KEYTRAIL_DATA_DIR = dataDir;
    server = await startBenchServer({ databaseUrl: url, env: serverEnv });
    const ingestUrl = `${server.baseUrl}/api/v1/events`;

    /** One signed batch over HTTP, counted; its time (sent to answered) kept. */
    const post = async (eventIds: string[], c: number) => {
      ids.push(...eventIds);
      const body = JSON.stringify({
        events: eventIds.map((eventId) => ({
          eventId,
          eventTime: new Date().toISOString(),
          eventName: "DescribeInstances",
          eventSource: "ecs.aliyuncs.com",
          accountId: account.accountId,
          userIdentity: { type: "SubUser", userName: user.userName, accessKeyId: key.id },
          sourceIpAddress: `203.0.113.${c}`,
        })),
      });
      const headers = await signRequest({ url: ingestUrl, body, accessKeyId: key.id, secret: key.secret });
      delete headers.host; // fetch sets Host itself, to the value the signature covers
      const sentAt = performance.now();
      let why: string;
      try {
        const response = await fetch(ingestUrl, { method: "POST", headers, body });
        if (response.status === 200) {
          const answer = (await response.json()) as typeof answers;
          requestTimes.push(performance.now() - sentAt);
          answers.accepted += answer.accepted;
          answers.duplicates += answer.duplicates;
          answers.rejected += answer.rejected;
          return;
        }
        await response.arrayBuffer();
        why = String(response.status);
      } catch (error) {
        const cause = (error as Error).cause;
        why = cause instanceof Error ? cause.message : (error as Error).message;
      }
      failedRequests++;
      failures[why] = (failures[why] ?? 0) + 1;
    };

    // Warm-up, untimed: one event through the ingest route (its code loads on the first request), then the
    // sign-in and a few explorer pages.
    await post([`load-${stamp}-warm-up`], 0);
    if (failedRequests > 0)
      throw new Error(
        `The first signed ingest request failed (${Object.keys(failures).join(", ")}): the load clients cannot ingest`,
      );
    browser = await openExplorerSession({ baseUrl: server.baseUrl, ...admin, path: EXPLORER_PATH });
    const warm = Date.now() + WARM_UP_MS;
    await browser.browse(() => Date.now() > warm);
    requestTimes.length = 0;

    const idleEnd = Date.now() + Math.min(30_000, seconds * 1000);
    idle = summarise(await browser.browse(() => Date.now() > idleEnd));

    const acceptedBefore = answers.accepted;
    const start = Date.now();
    const end = start + seconds * 1000;
    const interval = (CLIENTS * BATCH * 1000) / eventsPerSecond; // ms between one client's batches
    const client = async (c: number) => {
      // Client c's batch n is due at start + (n + c / CLIENTS) × interval: the clients take turns, and a slow answer
      // delays a client's next batch, not its schedule (one request in flight per client).
      for (let n = 0; ; n++) {
        await new Promise((r) => setTimeout(r, Math.max(0, start + (n + c / CLIENTS) * interval - Date.now())));
        if (Date.now() >= end) return;
        await post(
          Array.from({ length: BATCH }, (_, i) => `load-${stamp}-${c}-${n}-${i}`),
          c,
        );
      }
    };
    const [loadedTimes] = await Promise.all([
      browser.browse(() => Date.now() > end),
      ...Array.from({ length: CLIENTS }, (_, c) => client(c)),
    ]);
    acceptedUnderLoad = answers.accepted - acceptedBefore;
    loaded = summarise(loadedTimes);
    explorerFailedRequests = browser.failedRequests();
  } catch (error) {
    const output = server?.output();
    if (output) console.error(`The bench server's last output:\n${output}`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }

  let stored = 0;
  for (let i = 0; i < ids.length; i += 500)
    stored += await db.event.count({ where: { eventId: { in: ids.slice(i, i + 500) } } });
  return {
    seconds,
    sent: ids.length,
    ...answers,
    stored,
    failedRequests,
    failures,
    explorerFailedRequests,
    eventsPerSecond: acceptedUnderLoad / seconds,
    ingestRequest: summarise(requestTimes),
    idle,
    loaded,
  };
}
