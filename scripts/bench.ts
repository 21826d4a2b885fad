// `npm run bench [-- --events 1000000 --ingest-events 200000 --runs 3 --query-runs 20 --report-runs 10
//   --report-users 10000 --import-copies 10,40,160 --load-seconds 60 --only ingest,import,... --dir data/bench --reuse]`, or
//   `-- --smoke` (every workload, tiny).
// Measures on fresh databases with the production schema and indexes: SQLite files under data/bench, or
// PostgreSQL when DATABASE_URL names it (bench/bench-store.ts). Each figure beside its baseline in the same run;
// a table is printed and bench-results/bench-<time>.json written:
//  1. ingest: ingestEvents (the path every event takes: event rows and indexes, owner look-ups, AccessKey
//     last-used fields, the AccessKey audit's rollups and the event chain, all in one transaction) vs a raw
//     insert of the same rows in one transaction; target >= 0.5 of the baseline's events/s.
//  2. import: CloudTrail .json.gz files at three sizes through the importer, --runs times each, each run in a child
//     process (events/s, peak RSS), vs a raw insert of the rows it stored; target >= 0.4, memory flat in file size.
//  3. explorer: the first page (50, newest first) for ~20 filter combinations on --events demo events, p95
//     target <= 50 ms; a page 1,000 pages deep vs page 1; the unfiltered raw SQL page as the baseline.
//  4. AccessKey audit, on the same --events, of which over half are re-assigned (deterministically) to one key:
//     header, services (90 days) and the event / IP / resource lists of its busiest service, first page, p95
//     target <= 100 ms each; and one full rebuild of the rollups from the events (npm run key-usage:rebuild).
//  5. credential report: in the same database, a second account with --report-users users of every type and
//     twice as many keys, sign-ins and key use through the ingest path; then takeReportSnapshot and both CSV
//     layouts, --report-runs times, p95 target <= 2 s.
//  6. freshness (ingest API answer to visible in the explorer and the audit, and to an alarm raised, target
//     <= 1 s), the CSV export of every event (--runs times, each in a child process with a capped heap: rows/s
//     >= 50,000, RSS growth <= 100 MB), and ingest under load
//     (the console server, scripts/server.ts, on the same database, which needs a prior `npx next build`; 4 API clients POSTing signed
//     batches over HTTP at 2,000 events/s for --load-seconds while a signed-in Chromium session pages through
//     the explorer: every event stored once, no failed request, the browser's page p95 within 2x of idle).
//  7. push (bench/push-workload.ts): an EventBridge delivery to a push receiver until visible in the explorer and
//     the AccessKey audit, p95 target <= 1 s, beside the signed ingest API timed the same way; over HTTP when a
//     production build is present, else through the route's handler in process.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import { sqlOf } from "@/lib/db/sql";
import { chainedFieldsOf, eventRowValues } from "@/lib/db/event-rows";
import { appendToChain, EMPTY_HEAD, type ChainLink } from "@/lib/domain/event-chain";
import { ingestEvents } from "@/lib/db/ingest-events";
import { rebuildKeyUsage } from "@/lib/db/rebuild-key-usage";
import { buildDemoDirectory, demoEvents, type DemoDirectory } from "@/lib/domain/demo";
import { withOwnRaw, type NormalisedEvent } from "@/lib/domain/event";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { findAuditedKey, keyServices, keyUsageList, type AuditListKind } from "@/lib/queries/access-key-audit";
import { reportCsv } from "@/lib/domain/credential-report/csv";
import { takeReportSnapshot } from "@/lib/queries/credential-report-snapshot";
import { listEvents } from "@/lib/queries/events";
import { benchStore } from "../bench/bench-store";
import { runCsvExport, EXPORT_HEAP_MB, type ExportRun } from "../bench/export-workload";
import { measureFreshness } from "../bench/freshness-workload";
import { cpuProbeMs } from "../bench/cpu-probe";
import { measureLoad } from "../bench/load-workload";
import { measurePush } from "../bench/push-workload";
import { buildCloudTrailFile, runImport, type ImportRun } from "../bench/import-workload";
import { summarise, timeRuns, type Figure } from "../bench/measure";
import { benchBucketBackfill, benchBucketPoll } from "../bench/bucket-workload";

const WORKLOADS = [
  "ingest",
  "import",
  "explorer",
  "audit",
  "report",
  "freshness",
  "export",
  "load",
  "push",
  "bucket",
] as const;
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    "ingest-events": { type: "string", default: "200000" },
    runs: { type: "string", default: "3" },
    "query-runs": { type: "string", default: "20" },
    "report-runs": { type: "string", default: "10" },
    "report-users": { type: "string", default: "10000" },
    "import-copies": { type: "string", default: "10,40,160" },
    "load-seconds": { type: "string", default: "60" },
    // The bucket workload: copies of the invictus records to backfill (160 = 464,000), objects already read.
    "bucket-copies": { type: "string", default: "160" },
    "bucket-objects": { type: "string", default: "100000" },
    // A comma-separated subset of the workloads (default: all), e.g. `--only explorer,export` for the large run.
    only: { type: "string", default: WORKLOADS.join(",") },
    // Where the SQLite files go (default data/bench, or data/bench-smoke with --smoke).
    dir: { type: "string" },
    // Measure on the query database an earlier run left in --dir (or on DATABASE_URL's server), brought up to
    // the current migrations, instead of loading --events afresh: for re-measuring a change at 10M events.
    reuse: { type: "boolean", default: false },
    // Every workload, tiny: what `npm test` runs to keep the benchmark working (figures meaningless).
    smoke: { type: "boolean", default: false },
  },
});
const SMOKE = values.smoke;
const REUSE = values.reuse && !SMOKE;
const ONLY = new Set(
  values.only
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean),
);
for (const w of ONLY)
  if (!(WORKLOADS as readonly string[]).includes(w))
    throw new Error(`--only: unknown workload "${w}" (known: ${WORKLOADS.join(", ")})`);
const runs = (workload: (typeof WORKLOADS)[number]) => ONLY.has(workload);
const EVENTS = SMOKE ? 3_000 : Number(values.events);
const INGEST_EVENTS = SMOKE ? 2_000 : Number(values["ingest-events"]);
const RUNS = SMOKE ? 1 : Number(values.runs);
const QUERY_RUNS = SMOKE ? 2 : Number(values["query-runs"]);
const REPORT_RUNS = SMOKE ? 1 : Number(values["report-runs"]);
const LOAD_SECONDS = SMOKE ? 2 : Number(values["load-seconds"]);
const IMPORT_COPIES = SMOKE ? [1, 2] : values["import-copies"].split(",").map(Number);
const dir = path.resolve(values.dir ?? (SMOKE ? "data/bench-smoke" : "data/bench"));
const now = new Date();
const results: Record<string, unknown> = {
  startedAt: now.toISOString(),
  events: EVENTS,
  ingestEvents: INGEST_EVENTS,
  workloads: [...ONLY],
};
const rows: string[][] = [["workload", "figure", "median", "p95", "baseline (median)", "ratio", "target"]];
const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

const store = benchStore(dir);
const freshDatabase = (name: string) => store.fresh(name);

function generate(count: number): NormalisedEvent[][] {
  return [...demoEvents(buildDemoDirectory(now), now, { count, batchSize: 1000 })];
}

/** The baseline: the same rows, chain links included, inserted raw in a single transaction (bench/bench-store.ts):
 *  the Event rows and their indexes only, none of the owner look-ups, AccessKey last-used updates, audit rollups
 *  or chain heads the ingest path keeps, so the ratio is the whole ingest path against bare inserts. The links are
 *  computed before the clock starts (hashing is the ingest path's work); building each row's values is timed. */
async function rawInsert(url: string, batches: NormalisedEvent[][]): Promise<number> {
  const receivedAt = new Date();
  const links: ChainLink[] = [];
  let head = EMPTY_HEAD;
  for (const batch of batches) {
    for (const event of batch) {
      const next = appendToChain(head, chainedFieldsOf(event, receivedAt));
      head = next.head;
      links.push(next.link);
    }
  }
  function* rows() {
    let i = 0;
    for (const batch of batches)
      for (const event of batch)
        yield eventRowValues(chainedFieldsOf(event, receivedAt), null, links[i++], store.date, store.bool);
  }
  return store.rawInsert(url, rows());
}

async function benchIngest() {
  console.log(`Generating ${fmt(INGEST_EVENTS, 0)} events for the ingest comparison…`);
  const batches = generate(INGEST_EVENTS);
  const baseline: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const raw = await freshDatabase("ingest-raw");
    await raw.database.db.$disconnect();
    baseline.push(INGEST_EVENTS / ((await rawInsert(raw.url, batches)) / 1000));

    const path_ = await freshDatabase("ingest-path");
    const started = performance.now();
    for (const batch of batches) await ingestEvents(path_.database, batch);
    ours.push(INGEST_EVENTS / ((performance.now() - started) / 1000));
    await path_.database.db.$disconnect();
    console.log(`  run ${run + 1}: raw ${fmt(baseline[run], 0)} events/s, ingest path ${fmt(ours[run], 0)} events/s`);
  }
  // Throughput: higher is better, so the "p95" is the 5th percentile of the rates (the slow end).
  const b = summarise(baseline);
  const o = summarise(ours);
  const slow = [...ours].sort((x, y) => x - y)[0];
  results.ingest = { unit: "events/s", ingestPath: o, rawBaseline: b, ratio: o.median / b.median };
  rows.push([
    "ingest (API / import path, with rollups)",
    "events/s",
    fmt(o.median, 0),
    `${fmt(slow, 0)} (slowest)`,
    fmt(b.median, 0),
    fmt(o.median / b.median, 2),
    ">= 0.50",
  ]);
}

const COMBINATIONS: [string, string][] = [
  ["last 7 days (default)", ""],
  ["single user", "userName=terraform"],
  ["single user, 90 days", "userName=lead&range=90d"],
  ["AccessKey", "accessKeyId=<key>"],
  ["AccessKey, 90 days", "accessKeyId=<key>&range=90d"],
  ["event name", "eventName=CreateUser&range=90d"],
  ["two event names", "eventName=DeleteUser,CreateAccessKey&range=90d"],
  ["source IP", "sourceIp=<ip>&range=90d"],
  ["source CIDR /16", "sourceIp=<cidr>&range=30d"],
  ["service", "service=ecs"],
  ["service + write + failed", "service=ecs&readOnly=false&result=failed&range=90d"],
  ["sign-ins failed", "eventType=ConsoleSignin&result=failed&range=90d"],
  ["sensitive only", "sensitive=true&range=30d"],
  ["error code", "errorCode=NoPermission&range=90d"],
  ["region", "region=cn-hangzhou"],
  ["resource type", "resourceType=ACS::ECS::Instance"],
  ["free text", "q=Delete&range=24h"],
  ["user + service + read", "userName=terraform&service=ram&readOnly=true&range=90d"],
  ["90-day range", "range=90d"],
  ["oldest first, 90 days", "range=90d&order=asc"],
];

/** The audit workload's key: one of the CI deployer's keys, busy in the demo data already. */
function auditKeyOf(directory: DemoDirectory) {
  const key =
    directory.accessKeys.find((k) => k.userName === "ci-deployer" && k.status === "Active") ?? directory.accessKeys[0];
  const owner = directory.users.find((u) => u.userName === key.userName)!;
  return {
    accessKeyId: key.accessKeyId,
    identity: { type: owner.userType, principalId: owner.principalId, userName: owner.userName },
  };
}

// Share of all events the audit key carries: events that carry a key are re-assigned to it, in stream order,
// whenever its running share falls below this (deterministic, since the demo stream is).
const AUDIT_KEY_SHARE = 0.55;

/** Loads --events demo events through the ingest path, over half of them re-assigned to the audit key. */
async function loadQueryDatabase(): Promise<{ url: string; database: Database; auditKey: string }> {
  if (REUSE) return reuseQueryDatabase();
  const { url, database } = await freshDatabase("explorer");
  console.log(`Loading ${fmt(EVENTS, 0)} demo events into ${url} through the ingest path…`);
  const started = performance.now();
  let loaded = 0;
  const directory = buildDemoDirectory(now);
  const auditKey = auditKeyOf(directory);
  let seen = 0;
  let assigned = 0;
  const reassign = (event: NormalisedEvent): NormalisedEvent => {
    seen += 1;
    if (event.userIdentity.accessKeyId === auditKey.accessKeyId) assigned += 1;
    else if (event.userIdentity.accessKeyId && assigned < seen * AUDIT_KEY_SHARE) {
      assigned += 1;
      // withOwnRaw writes the raw record afresh from the re-assigned event.
      return withOwnRaw({
        ...event,
        userIdentity: { ...event.userIdentity, ...auditKey.identity, accessKeyId: auditKey.accessKeyId },
      });
    }
    return event;
  };
  for (const batch of demoEvents(directory, now, { count: EVENTS, batchSize: 5000 })) {
    loaded += (await ingestEvents(database, batch.map(reassign))).inserted;
  }
  console.log(
    `  loaded ${fmt(loaded, 0)} in ${fmt((performance.now() - started) / 1000)} s; ${fmt(assigned, 0)} carry ${auditKey.accessKeyId}`,
  );
  if (store.provider === "postgresql") {
    // After a bulk load PostgreSQL's autovacuum vacuums and analyzes the table on its own, at a moment of its
    // choosing: measuring before it has would measure plans made without statistics (or switching mid-run when it
    // comes) and index scans that must visit the heap for every row (no visibility map yet).
    const started = performance.now();
    await sql`VACUUM ANALYZE`.execute(sqlOf(database));
    console.log(`  VACUUM ANALYZE in ${fmt((performance.now() - started) / 1000)} s`);
  }
  return { url, database, auditKey: auditKey.accessKeyId };
}

/** --reuse: the query database of an earlier run; its audit key is the busiest key (over half of the events). */
async function reuseQueryDatabase(): Promise<{ url: string; database: Database; auditKey: string }> {
  const { url, database } = await store.existing("explorer");
  const events = await database.db.event.count();
  const busiest = await database.db.accessKeyUsage.findFirst({
    orderBy: { calls: "desc" },
    select: { accessKeyId: true },
  });
  if (!busiest) throw new Error(`--reuse: ${url} holds no AccessKey use; run once without --reuse first`);
  console.log(`Reusing ${url}: ${fmt(events, 0)} events (--events is ignored), audit key ${busiest.accessKeyId}`);
  results.events = events;
  return { url, database, auditKey: busiest.accessKeyId };
}

async function benchExplorer(url: string, database: Database) {
  // Real values from the data for the placeholders.
  const sample = await database.db.event.findFirstOrThrow({
    where: { accessKeyId: { not: null }, sourceIpAddress: { not: null } },
    orderBy: { seq: "desc" },
  });
  const cidr = sample.sourceIpAddress!.includes(".")
    ? `${sample.sourceIpAddress!.split(".").slice(0, 2).join(".")}.0.0/16`
    : sample.sourceIpAddress!;
  const fill = (q: string) =>
    q.replace("<key>", sample.accessKeyId!).replace("<ip>", sample.sourceIpAddress!).replace("<cidr>", cidr);
  const filterOf = (q: string) => {
    const parsed = parseEventFilter(new URLSearchParams(fill(q)), { now: new Date(), maxLimit: 1000 });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };

  // Baseline: the unfiltered first page in raw SQL on a connection of its own.
  const rawPage = await store.rawFirstPage(url);
  const baseline = await timeRuns(QUERY_RUNS, rawPage.run);
  await rawPage.close();
  rows.push(["explorer baseline: raw SQL first page", "ms", fmt(baseline.median, 2), fmt(baseline.p95, 2), "", "", ""]);

  const queries: Record<string, Figure> = {};
  for (const [name, query] of COMBINATIONS) {
    const filter = filterOf(query);
    const figure = await timeRuns(QUERY_RUNS, () => listEvents(database, filter, null));
    queries[name] = figure;
    rows.push([
      `first page: ${name}`,
      "ms",
      fmt(figure.median, 2),
      fmt(figure.p95, 2),
      fmt(baseline.median, 2),
      fmt(figure.median / baseline.median, 1),
      "p95 <= 50",
    ]);
  }

  // Page 1,000 (50 a page) of the 90-day range vs page 1: walk to it, then time fetching it.
  let cursor: string | null = null;
  for (let i = 1; i < 1000; i++) {
    const next: string | null = (
      await listEvents(database, filterOf(cursor ? `range=90d&cursor=${cursor}` : "range=90d"), null)
    ).nextCursor;
    if (!next) break;
    cursor = next;
  }
  const deep = filterOf(cursor ? `range=90d&cursor=${cursor}` : "range=90d");
  const page1000 = await timeRuns(QUERY_RUNS, () => listEvents(database, deep, null));
  rows.push([
    "page 1,000 (90 days)",
    "ms",
    fmt(page1000.median, 2),
    fmt(page1000.p95, 2),
    fmt(queries["90-day range"].median, 2),
    fmt(page1000.median / queries["90-day range"].median, 2),
    "≈ page 1",
  ]);
  results.explorer = { unit: "ms", rawBaselineFirstPage: baseline, firstPage: queries, page1000 };
}

async function benchAudit(database: Database, accessKeyId: string) {
  const usage = await database.db.accessKeyUsage.findUniqueOrThrow({ where: { accessKeyId } });
  const total = await database.db.event.count();
  console.log(`AccessKey audit of ${accessKeyId}: ${fmt(usage.calls, 0)} of ${fmt(total, 0)} events`);
  if (usage.calls * 2 < total) console.warn(`  warning: the key carries less than half of the events`);
  const window = () => {
    const to = new Date();
    return { from: new Date(to.getTime() - 90 * 86_400_000), to };
  };
  const services = await keyServices(database, accessKeyId, window());
  const busiest = [...services].sort((a, b) => b.calls - a.calls)[0].value;
  const figures: Record<string, Figure> = {};
  const measure = async (name: string, body: () => Promise<unknown>) => {
    const figure = await timeRuns(QUERY_RUNS, body);
    figures[name] = figure;
    rows.push([`audit: ${name}`, "ms", fmt(figure.median, 2), fmt(figure.p95, 2), "", "", "p95 <= 100"]);
  };
  await measure("header", () => findAuditedKey(database, accessKeyId, null));
  await measure("services (90 days)", () => keyServices(database, accessKeyId, window()));
  const sizes: Record<string, number> = {};
  for (const [name, kind] of [
    ["events", "event"],
    ["IPs", "ip"],
    ["resources", "resource"],
  ] as [string, AuditListKind][]) {
    sizes[name] = (await keyUsageList(database, accessKeyId, busiest, kind, window(), { number: 1, size: 100 })).total;
    await measure(`${name} of ${busiest}, page 1 (${sizes[name]} rows)`, () =>
      keyUsageList(database, accessKeyId, busiest, kind, window(), { number: 1, size: 100 }),
    );
  }

  // One full rebuild of both rollup tables from the events.
  const started = performance.now();
  const rebuilt = await rebuildKeyUsage(database);
  const rebuildMs = performance.now() - started;
  rows.push([
    `audit: rebuild rollups (${fmt(rebuilt.events, 0)} events)`,
    "s",
    fmt(rebuildMs / 1000, 2),
    "",
    "",
    "",
    "once",
  ]);
  results.accessKeyAudit = {
    unit: "ms",
    accessKeyId,
    keyEvents: usage.calls,
    totalEvents: total,
    busiestService: busiest,
    listSizes: sizes,
    queries: figures,
    rebuild: { ms: rebuildMs, ...rebuilt },
  };
}

// The credential report workload's directory: 10,000 users (1 root, 100 Collaborators, 100 MessageReceivers, the
// rest SubUsers) and 20,000 keys (two per user who may have keys, a third for 200 of them: not in the report).
const REPORT_USERS = SMOKE ? 300 : Number(values["report-users"]);
const REPORT_KEYS = REPORT_USERS * 2;
const REPORT_ACCOUNT = "2000000000002";
/** Users with console sign-ins in the workload, and sign-ins each (over 180 days, some from new networks, some
 *  failure bursts). */
const REPORT_SIGNIN_USERS = Math.round(REPORT_USERS * 0.4);
const REPORT_SIGNINS_PER_USER = 8;

function reportUserType(i: number): string {
  return i === 0 ? "Root" : i <= 100 ? "Collaborator" : i <= 200 ? "MessageReceiver" : "SubUser";
}

function reportUserName(i: number): string {
  if (i === 0) return "bench-root";
  const n = String(i).padStart(5, "0");
  // A few names that need quoting or are not ASCII, as real directories have.
  return i % 1000 === 7 ? `bench, "user" ${n}` : i % 1000 === 11 ? `张伟-${n}` : `bench-user-${n}`;
}

async function setUpReportDirectory(database: Database): Promise<number> {
  const { db } = database;
  const earlier = REUSE ? await db.account.findUnique({ where: { accountId: REPORT_ACCOUNT } }) : null;
  if (earlier) {
    console.log(
      `  reusing the earlier run's report account (${fmt(await db.user.count({ where: { accountId: earlier.id } }), 0)} users)`,
    );
    return earlier.id;
  }
  const day = 86_400_000;
  const t0 = now.getTime();
  const account = await db.account.create({ data: { accountId: REPORT_ACCOUNT, name: "Bench Report Corp" } });
  const users = Array.from({ length: REPORT_USERS }, (_, i) => {
    const type = reportUserType(i);
    const password = type === "Root" || (type === "SubUser" && i % 3 !== 0);
    return {
      accountId: account.id,
      userName: reportUserName(i),
      principalId: `bench-principal-${i}`,
      displayName: `Bench user ${i}`,
      userType: type,
      consoleAccess: password || type === "Collaborator",
      passwordHash: password ? "bench-not-a-hash" : null,
      passwordChangedAt: password ? new Date(t0 - ((i * 7) % 300) * day) : null,
      passwordLastUsedAt: password && i % 2 === 0 ? new Date(t0 - (i % 40) * day) : null,
      mfaEnabled: i % 4 === 0 && type !== "MessageReceiver",
      loginProtection: i % 8 === 0 && type !== "MessageReceiver",
      createdAt: new Date(t0 - (400 - (i % 300)) * day),
      deletedAt: i % 500 === 499 ? new Date(t0 - day) : null,
    };
  });
  for (let i = 0; i < users.length; i += 1000) await db.user.createMany({ data: users.slice(i, i + 1000) });
  const ids = new Map(
    (await db.user.findMany({ where: { accountId: account.id }, select: { id: true, userName: true } })).map((u) => [
      u.userName,
      u.id,
    ]),
  );
  const owners = users.map((u, i) => ({ u, i })).filter(({ u }) => u.userType !== "MessageReceiver");
  const keys: { accessKeyId: string; userId: number; secretEncrypted: string; status: string; createdAt: Date }[] = [];
  const keyOwners: { accessKeyId: string; userName: string; i: number }[] = [];
  for (const { u, i } of owners) {
    const count = keys.length < REPORT_KEYS ? Math.min(REPORT_KEYS - keys.length, 2) : 0;
    for (let k = 0; k < count; k++) {
      const accessKeyId = `LTAIBENCH${String(i).padStart(6, "0")}K${k}`;
      keys.push({
        accessKeyId,
        userId: ids.get(u.userName)!,
        secretEncrypted: "bench",
        status: (i + k) % 10 === 0 ? "Disabled" : "Active",
        createdAt: new Date(t0 - ((i * 13 + k * 50) % 200) * day - k),
      });
      keyOwners.push({ accessKeyId, userName: u.userName, i });
    }
  }
  // The owners hold 2 × 9,900 = 19,800; 200 of them get a third key to make 20,000.
  for (const { u, i } of owners.slice(0, REPORT_KEYS - keys.length)) {
    const accessKeyId = `LTAIBENCH${String(i).padStart(6, "0")}K2`;
    keys.push({
      accessKeyId,
      userId: ids.get(u.userName)!,
      secretEncrypted: "bench",
      status: "Active",
      createdAt: new Date(t0 - day),
    });
  }
  for (let i = 0; i < keys.length; i += 1000) await db.accessKey.createMany({ data: keys.slice(i, i + 1000) });

  // Sign-ins: each user's networks are 10.<i % 200>/16 and 172.16/16; every 5th user also signs in from a new
  // network in the last 30 days, every 7th has a burst of 6 failures. Key use: every key once 60 days ago and
  // once in the last week; every 50th key also from 12 addresses in one day (may be at risk).
  const events: NormalisedEvent[] = [];
  const identity = (userName: string, i: number, accessKeyId: string | null) => ({
    type: reportUserType(i),
    principalId: `bench-principal-${i}`,
    userName,
    accessKeyId,
    mfaUsed: null,
    roleName: null,
  });
  const event = (
    id: string,
    t: number,
    userName: string,
    i: number,
    overrides: Partial<NormalisedEvent>,
  ): NormalisedEvent =>
    withOwnRaw({
      eventId: id,
      eventTime: new Date(t),
      origin: "api",
      eventName: "ConsoleSignin",
      eventSource: "signin.aliyun.com",
      service: "signin",
      eventType: "ConsoleSignin",
      readOnly: false,
      sensitive: false,
      accountId: REPORT_ACCOUNT,
      userIdentity: identity(userName, i, null),
      sourceIpAddress: null,
      userAgent: "bench",
      region: null,
      resources: [],
      requestId: id,
      errorCode: null,
      errorMessage: null,
      requestParameters: null,
      responseElements: null,
      ...overrides,
    });
  const signers = users
    .map((u, i) => ({ u, i }))
    .filter(({ u }) => u.consoleAccess)
    .slice(0, REPORT_SIGNIN_USERS);
  for (const { u, i } of signers) {
    for (let s = 0; s < REPORT_SIGNINS_PER_USER; s++) {
      const t = t0 - (170 - s * 20) * day - (i % 1440) * 60_000;
      events.push(
        event(`bench-signin-${i}-${s}`, t, u.userName, i, {
          sourceIpAddress: s % 2 ? `10.${i % 200}.${s}.${i % 250}` : `172.16.${i % 250}.${s}`,
        }),
      );
    }
    if (i % 5 === 0)
      events.push(
        event(`bench-signin-${i}-new`, t0 - 3 * day, u.userName, i, { sourceIpAddress: `198.${51 + (i % 100)}.100.1` }),
      );
    if (i % 7 === 0) {
      for (let f = 0; f < 6; f++) {
        events.push(
          event(`bench-signin-${i}-fail-${f}`, t0 - 2 * day + f * 60_000, u.userName, i, {
            sourceIpAddress: "203.0.113.9",
            errorCode: "InvalidPassword",
            errorMessage: "The password is incorrect.",
          }),
        );
      }
    }
  }
  for (const [n, { accessKeyId, userName, i }] of keyOwners.entries()) {
    const keyUse = (suffix: string, t: number, ip: string) =>
      event(`bench-use-${accessKeyId}-${suffix}`, t, userName, i, {
        eventName: "DescribeInstances",
        eventSource: "ecs.aliyuncs.com",
        service: "ecs",
        eventType: "ApiCall",
        readOnly: true,
        userIdentity: identity(userName, i, accessKeyId),
        sourceIpAddress: ip,
        region: "cn-hangzhou",
      });
    if (n % 9 === 4) continue; // never used
    events.push(keyUse("old", t0 - 60 * day - n * 1000, `10.${i % 200}.0.1`));
    events.push(keyUse("recent", t0 - (n % 7) * day - n, `10.${i % 200}.0.1`));
    if (n % 50 === 0)
      for (let k = 0; k < 12; k++) events.push(keyUse(`many-${k}`, t0 - day + k * 1000, `100.64.${k}.${n % 250}`));
  }
  events.sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
  const started = performance.now();
  for (let i = 0; i < events.length; i += 5000) await ingestEvents(database, events.slice(i, i + 5000));
  console.log(
    `  ${fmt(REPORT_USERS, 0)} users, ${fmt(keys.length, 0)} keys; ${fmt(events.length, 0)} sign-in and key-use events ingested in ${fmt((performance.now() - started) / 1000)} s`,
  );
  return account.id;
}

async function benchCredentialReport(database: Database) {
  console.log(`Credential report: setting up ${fmt(REPORT_USERS, 0)} users and ${fmt(REPORT_KEYS, 0)} keys…`);
  const accountDbId = await setUpReportDirectory(database);
  const parts: Record<"snapshot" | "tencent" | "aws", number[]> = { snapshot: [], tencent: [], aws: [] };
  const totals: number[] = [];
  let users = 0;
  let bytes = 0;
  for (let run = 0; run < REPORT_RUNS; run++) {
    const t0 = performance.now();
    const snapshot = await takeReportSnapshot(database, accountDbId, new Date());
    const t1 = performance.now();
    const tencent = reportCsv(snapshot, "tencent");
    const t2 = performance.now();
    const aws = reportCsv(snapshot, "aws");
    const t3 = performance.now();
    parts.snapshot.push(t1 - t0);
    parts.tencent.push(t2 - t1);
    parts.aws.push(t3 - t2);
    totals.push(t3 - t0);
    users = snapshot.users.length;
    bytes = Buffer.byteLength(tencent) + Buffer.byteLength(aws);
  }
  const figures = {
    snapshot: summarise(parts.snapshot),
    tencent: summarise(parts.tencent),
    aws: summarise(parts.aws),
    total: summarise(totals),
  };
  rows.push([
    `credential report: snapshot (${fmt(users, 0)} users)`,
    "ms",
    fmt(figures.snapshot.median),
    fmt(figures.snapshot.p95),
    "",
    "",
    "",
  ]);
  rows.push([
    "credential report: Tencent CSV",
    "ms",
    fmt(figures.tencent.median),
    fmt(figures.tencent.p95),
    "",
    "",
    "",
  ]);
  rows.push(["credential report: AWS CSV", "ms", fmt(figures.aws.median), fmt(figures.aws.p95), "", "", ""]);
  rows.push([
    "credential report: snapshot + both CSVs",
    "ms",
    fmt(figures.total.median),
    fmt(figures.total.p95),
    "",
    "",
    "p95 <= 2000",
  ]);
  results.credentialReport = { unit: "ms", users, keys: REPORT_KEYS, csvBytes: bytes, ...figures };
}

async function benchImport() {
  console.log(
    `Import of CloudTrail .json.gz (${IMPORT_COPIES.join(", ")} × the invictus records), ${RUNS} run${RUNS === 1 ? "" : "s"} each, each in a child process…`,
  );
  const sizes: {
    records: number;
    fileMb: number;
    runs: ImportRun[];
    eventsPerSecond: Figure;
    baselineEventsPerSecond: Figure;
    maxRssMb: number;
  }[] = [];
  for (const copies of IMPORT_COPIES) {
    mkdirSync(dir, { recursive: true });
    const { file, records } = await buildCloudTrailFile(dir, copies);
    const runs: ImportRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      const target = await freshDatabase(`import-${copies}x`);
      await target.database.db.$disconnect();
      const baseline = await freshDatabase("import-raw");
      await baseline.database.db.$disconnect();
      const r = await runImport(file, records, target.url, baseline.url, store);
      runs.push(r);
      console.log(
        `  ${fmt(records, 0)} records (${fmt(r.fileMb)} MB gzipped), run ${run + 1}: ${fmt(r.eventsPerSecond, 0)} events/s, raw ${fmt(r.baselineEventsPerSecond, 0)} events/s, peak RSS ${fmt(r.maxRssMb, 0)} MB`,
      );
    }
    const ours = summarise(runs.map((r) => r.eventsPerSecond));
    const raw = summarise(runs.map((r) => r.baselineEventsPerSecond));
    const slowest = Math.min(...runs.map((r) => r.eventsPerSecond));
    const maxRssMb = Math.max(...runs.map((r) => r.maxRssMb));
    sizes.push({
      records,
      fileMb: runs[0].fileMb,
      runs,
      eventsPerSecond: ours,
      baselineEventsPerSecond: raw,
      maxRssMb,
    });
    rows.push([
      `import .json.gz, ${fmt(records, 0)} records`,
      "events/s",
      fmt(ours.median, 0),
      `${fmt(slowest, 0)} (slowest)`,
      fmt(raw.median, 0),
      fmt(ours.median / raw.median, 2),
      ">= 0.40",
    ]);
    rows.push([
      `import peak RSS, ${fmt(runs[0].fileMb)} MB file (highest run)`,
      "MB",
      fmt(maxRssMb, 0),
      "",
      "",
      "",
      "flat in file size",
    ]);
  }
  // Flat in file size: the peak RSS of the two largest files (the smallest may end before batches reach full size).
  const [smaller, largest] = sizes.length > 2 ? sizes.slice(-2) : [sizes[0], sizes[sizes.length - 1]];
  rows.push([
    `import peak RSS: ${fmt(largest.records / smaller.records, 1)}× the file`,
    "ratio",
    fmt(largest.maxRssMb / smaller.maxRssMb, 2),
    "",
    "",
    "",
    "≈ 1",
  ]);
  results.import = { sizes };
}

async function benchBucket() {
  const copies = SMOKE ? 1 : Number(values["bucket-copies"]);
  const objects = SMOKE ? 300 : Number(values["bucket-objects"]);
  console.log(`Trail bucket: backfill of ${copies} × the invictus records in 5-minute objects; poll after ${objects}…`);
  const backfill = await benchBucketBackfill(dir, copies, freshDatabase);
  console.log(
    `  backfill ${fmt(backfill.events, 0)} events in ${fmt(backfill.objects, 0)} objects: ${fmt(backfill.bucketEventsPerSecond, 0)} events/s (file import ${fmt(backfill.fileEventsPerSecond, 0)})`,
  );
  rows.push([
    `bucket backfill, ${fmt(backfill.records, 0)} records in ${fmt(backfill.objects, 0)} objects`,
    "events/s",
    fmt(backfill.bucketEventsPerSecond, 0),
    "",
    `${fmt(backfill.fileEventsPerSecond, 0)} (file import)`,
    fmt(backfill.ratio, 2),
    ">= 0.80",
  ]);
  const poll = await benchBucketPoll(objects, Math.max(RUNS, 3), freshDatabase);
  rows.push([
    `bucket poll, ${fmt(objects, 0)} objects read + 1 new: visible`,
    "ms",
    fmt(poll.visibleMs.median),
    fmt(poll.visibleMs.p95),
    "",
    "",
    "<= 2000",
  ]);
  rows.push([`bucket poll: listing pages (most in one poll)`, "pages", String(poll.maxPages), "", "", "", "<= 2"]);
  results.bucket = { backfill, poll };
}

async function benchFreshness(database: Database) {
  console.log("Freshness (ingest API answer → visible in the explorer and the AccessKey audit, alarm raised)…");
  const fresh = await measureFreshness(database, QUERY_RUNS);
  rows.push([
    "freshness: explorer",
    "ms",
    fmt(fresh.explorer.median, 2),
    fmt(fresh.explorer.p95, 2),
    "",
    "",
    "<= 1000",
  ]);
  rows.push([
    "freshness: AccessKey audit",
    "ms",
    fmt(fresh.audit.median, 2),
    fmt(fresh.audit.p95, 2),
    "",
    "",
    "<= 1000",
  ]);
  rows.push(["freshness: alarm raised", "ms", fmt(fresh.alarm.median, 2), fmt(fresh.alarm.p95, 2), "", "", "<= 1000"]);
  results.freshness = { unit: "ms", ...fresh };
}

async function benchExport(url: string) {
  console.log(
    `CSV export of every event, ${RUNS} run${RUNS === 1 ? "" : "s"}, each in a child process with a ${EXPORT_HEAP_MB} MB heap…`,
  );
  const runs: ExportRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(runCsvExport(url));
    const r = runs[run];
    console.log(
      `  run ${run + 1}: ${fmt(r.rows, 0)} rows, ${fmt(r.bytes / 1024 / 1024, 0)} MB, ${fmt(r.rowsPerSecond, 0)} rows/s, RSS growth ${fmt(r.rssGrowthMb, 0)} MB`,
    );
  }
  // Rows/s: higher is better, so its "p95" is the slow end (the 5th percentile), as for ingest.
  const rate = summarise(runs.map((r) => r.rowsPerSecond));
  const slowest = Math.min(...runs.map((r) => r.rowsPerSecond));
  const growth = summarise(runs.map((r) => r.rssGrowthMb));
  rows.push([
    `CSV export, ${fmt(runs[0].rows, 0)} rows`,
    "rows/s",
    fmt(rate.median, 0),
    `${fmt(slowest, 0)} (slowest)`,
    "",
    "",
    ">= 50,000",
  ]);
  rows.push(["CSV export RSS growth", "MB", fmt(growth.median, 0), fmt(growth.p95, 0), "", "", "<= 100"]);
  results.csvExport = {
    rows: runs[0].rows,
    bytes: runs[0].bytes,
    heapMb: EXPORT_HEAP_MB,
    rowsPerSecond: rate,
    rssGrowthMb: growth,
    runs,
  };
}

async function benchLoad(url: string, database: Database) {
  console.log(
    `Ingest under load: the console server, 4 API clients at 2,000 events/s over HTTP for ${LOAD_SECONDS} s while Chromium pages through the explorer…`,
  );
  const load = await measureLoad(url, database, LOAD_SECONDS);
  const failures = Object.entries(load.failures)
    .map(([why, n]) => `${n} × ${why}`)
    .join(", ");
  console.log(
    `  ${fmt(load.sent, 0)} sent: ${fmt(load.accepted, 0)} accepted, ${fmt(load.duplicates, 0)} answered as duplicates, ${fmt(load.rejected, 0)} rejected; ` +
      `${fmt(load.stored, 0)} stored; ${load.failedRequests} failed requests${failures ? ` (${failures})` : ""}; ` +
      `ingest request median ${fmt(load.ingestRequest.median)} ms, p95 ${fmt(load.ingestRequest.p95)} ms; ` +
      `explorer: ${load.idle.runs} pages idle, ${load.loaded.runs} under load, ${load.explorerFailedRequests.length} failed browser requests`,
  );
  for (const failed of load.explorerFailedRequests.slice(0, 10)) console.log(`    browser: ${failed}`);
  // Every event sent must be stored exactly once (the unique eventId makes "more than once" impossible).
  if (load.stored !== load.sent || load.failedRequests > 0 || load.explorerFailedRequests.length > 0) {
    throw new Error("ingest under load lost events or failed requests");
  }
  rows.push([
    `under load: ingest over HTTP (${LOAD_SECONDS} s, 4 clients)`,
    "events/s",
    fmt(load.eventsPerSecond, 0),
    "",
    "",
    "",
    "2,000, each stored once",
  ]);
  rows.push([
    "under load: explorer page in the browser",
    "ms",
    fmt(load.loaded.median, 2),
    fmt(load.loaded.p95, 2),
    `${fmt(load.idle.p95, 2)} (idle p95)`,
    fmt(load.loaded.p95 / load.idle.p95, 2),
    "p95 <= 2 × idle",
  ]);
  results.load = load;
}

async function benchPush(url: string, database: Database) {
  console.log("Push (EventBridge delivery → visible in the explorer and the AccessKey audit), beside the ingest API…");
  const push = await measurePush(url, database, QUERY_RUNS);
  const via = push.transport === "http" ? "over HTTP" : "handler in process";
  const row = (name: string, figure: { median: number; p95: number }, baseline: { median: number; p95: number }) =>
    rows.push([
      `${name} (${via})`,
      "ms",
      fmt(figure.median, 2),
      fmt(figure.p95, 2),
      `${fmt(baseline.median, 2)} (ingest API)`,
      fmt(figure.median / baseline.median, 2),
      name.includes("visible") ? "p95 <= 1000" : "",
    ]);
  row("push: POST answered", push.pushAnswered, push.ingestAnswered);
  row("push: sent → visible (explorer + audit)", push.pushVisible, push.ingestVisible);
  results.push = { unit: "ms", ...push };
}

// The machine's speed at the start of the run (bench/cpu-probe.ts): read absolute figures beside it.
const probeMs = cpuProbeMs();
results.cpuProbeMs = probeMs;
console.log(`CPU probe (fixed JS work, best of 3): ${fmt(probeMs, 0)} ms`);
rows.push(["machine: CPU probe (fixed JS work, lower is faster)", "ms", fmt(probeMs, 0), "", "", "", ""]);

if (runs("ingest")) await benchIngest();
if (runs("import")) await benchImport();
if (runs("bucket")) await benchBucket();
if (["explorer", "audit", "report", "freshness", "export", "load", "push"].some((w) => ONLY.has(w))) {
  const { url, database, auditKey } = await loadQueryDatabase();
  if (runs("explorer")) await benchExplorer(url, database);
  if (runs("audit")) await benchAudit(database, auditKey);
  if (runs("report")) await benchCredentialReport(database);
  if (runs("freshness")) await benchFreshness(database);
  if (runs("export")) await benchExport(url);
  if (runs("load")) await benchLoad(url, database);
  if (runs("push")) await benchPush(url, database);
  await database.db.$disconnect();
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log("");
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
mkdirSync("bench-results", { recursive: true });
const file = path.join(
  "bench-results",
  `bench-${SMOKE ? "smoke-" : ""}${now.toISOString().replace(/[:.]/g, "-")}.json`,
);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nWritten ${file}`);
