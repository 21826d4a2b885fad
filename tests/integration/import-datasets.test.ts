// The import command against a real database, on the real datasets in tests/fixtures/datasets. Expected figures are
// computed here from the files with plain fs + JSON.parse, independently of the importer's own reading code.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { DATASETS } from "@/tests/fixtures/datasets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEvents } from "@/lib/integrity/verify-events";
import { importFiles } from "@/lib/import/import-files";
import type { ImportSummary } from "@/lib/import/import-summary";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const dir = (name: string) => path.join(DATASETS, name);
const tmp = mkdtempSync(path.join(tmpdir(), "keytrail-import-"));

type Rec = Record<string, unknown> & { eventID: string; userIdentity: Record<string, unknown> };
const json = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;
const jsonFiles = (folder: string) =>
  readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .map((f) => path.join(folder, f));
const parseError = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected invalid JSON");
};

const invictus = jsonFiles(dir("invictus-aws-cloudtrail/CloudTrail")).flatMap(
  (f) => json<{ Records: Rec[] }>(f).Records,
);
const stratus = jsonFiles(dir("stratus-red-team-detonation-logs")).flatMap((f) => json<Rec[]>(f));
const otrfFile = dir("otrf-security-datasets-aws/ec2_proxy_s3_exfiltration_2020-09-14011940.json");
const otrf = readFileSync(otrfFile, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Rec & { "@timestamp": string });
const alibabaDir = dir("alibaba-actiontrail-samples");
const alibaba = [
  ...json<{ contents: { event: string } }[]>(path.join(alibabaDir, "AliCloud_CL.json")).map((e) =>
    JSON.parse(e.contents.event),
  ),
  ...json<{ contents_event_s: unknown }[]>(path.join(alibabaDir, "AliCloud_Cloudhub_CL.json")).map(
    (e) => e.contents_event_s,
  ),
  ...readFileSync(path.join(alibabaDir, "actiontrail_events.normalized.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { event: unknown }).event),
] as (Record<string, unknown> & { eventId: string; userIdentity: Record<string, string> })[];

const tally = <T>(items: T[], key: (item: T) => unknown) => {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (typeof k === "string" && k !== "") counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
};
const dbTally = async (field: "userName" | "accessKeyId" | "eventName" | "roleName", where: object) => {
  const rows = await db.event.groupBy({ by: [field], where, _count: { _all: true } });
  return Object.fromEntries(rows.filter((r) => r[field] !== null).map((r) => [r[field] as string, r._count._all]));
};
const distinct = <T>(items: T[], id: (item: T) => string) => [...new Map(items.map((i) => [id(i), i])).values()];
const clean = { rejected: 0, rejectedByFile: [] };
const skippedNames = (summary: ImportSummary) => summary.skippedFiles.map((s) => path.basename(s.path)).sort();

// Tencent's only audit events are inside the tccli examples, as response JSON strings: write them out as the
// response files a LookUpEvents / DescribeEvents call would have saved.
const examples = json<{ actions: Record<string, { output: string }[]> }>(
  dir("tencent-cloudaudit-examples/examples.json"),
);
const cloudAuditDir = path.join(tmp, "cloudaudit");
mkdirSync(cloudAuditDir);
writeFileSync(path.join(cloudAuditDir, "describe-events.json"), examples.actions.DescribeEvents[0].output);
writeFileSync(path.join(cloudAuditDir, "lookup-events.json"), examples.actions.LookUpEvents[0].output);
const lookUpEvent = (
  JSON.parse(examples.actions.LookUpEvents[0].output) as { Response: { Events: { CloudAuditEvent: string }[] } }
).Response.Events[0];
const cloudAuditPaths = [cloudAuditDir, dir("tencent-cloudaudit-examples/describe_events_example_event.decoded.json")];

beforeAll(async () => {
  await resetDatabase(database);
});

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await db.$disconnect();
});

describe("importing the datasets", () => {
  it("imports the invictus CloudTrail tree: every event once, figures matching the files", async () => {
    const progress: number[] = [];
    const summary = await importFiles(database, [dir("invictus-aws-cloudtrail")], {
      batchSize: 250,
      onProgress: (p) => progress.push(p.filesDone),
    });
    const ids = new Set(invictus.map((r) => r.eventID));
    expect(summary).toMatchObject({ files: 55, imported: ids.size, duplicates: invictus.length - ids.size, ...clean });
    expect(ids.size).toBe(2900);
    expect(skippedNames(summary)).toEqual(["LICENSE.upstream", "README.upstream.md", "SOURCE.md"]);
    expect(progress).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
    expect(await db.event.count()).toBe(2900);

    const iamUsers = invictus.filter((r) => r.userIdentity.type === "IAMUser");
    expect(await dbTally("userName", { identityType: "IAMUser" })).toEqual(
      tally(iamUsers, (r) => r.userIdentity.userName),
    );
    expect(await dbTally("accessKeyId", {})).toEqual(tally(invictus, (r) => r.userIdentity.accessKeyId));
    expect(await dbTally("eventName", {})).toEqual(tally(invictus, (r) => r.eventName));
    const roles = invictus.filter((r) => r.userIdentity.type === "AssumedRole");
    expect(await dbTally("roleName", {})).toEqual(
      tally(roles, (r) => ((r.userIdentity.sessionContext as Rec).sessionIssuer as Rec).userName),
    );
    expect(await db.event.count({ where: { sourceIpAddress: { not: null } } })).toBe(
      invictus.filter((r) => isIP(String(r.sourceIPAddress)) !== 0).length,
    );
    expect(await db.event.count({ where: { eventType: "ConsoleSignin" } })).toBe(
      invictus.filter((r) => r.eventType === "AwsConsoleSignIn").length,
    );
    expect(await db.event.count({ where: { errorCode: { not: null } } })).toBe(
      invictus.filter((r) => r.errorCode).length,
    );

    // Raw text is the record's exact text in its file.
    const file = jsonFiles(dir("invictus-aws-cloudtrail/CloudTrail")).find((f) =>
      f.includes("T1230Z_ZtUNbBkwAu98FPZb"),
    )!;
    const row = await db.event.findUniqueOrThrow({ where: { eventId: "64b7de64-bf53-47ae-b7e3-d30cb1b5136e" } });
    expect(readFileSync(file, "utf8")).toContain(row.raw);
    expect(JSON.parse(row.raw)).toEqual(invictus.find((r) => r.eventID === row.eventId));
    expect(row).toMatchObject({
      eventName: "CreateAccessKey",
      userName: "bert-jan",
      sensitive: true,
      origin: "cloudtrail",
    });
  });

  it("imports the stratus detonation logs (JSON arrays) and the OTRF Logstash JSON Lines", async () => {
    const stratusSummary = await importFiles(database, [dir("stratus-red-team-detonation-logs")]);
    const before = new Set(invictus.map((r) => r.eventID));
    const fresh = distinct(stratus, (r) => r.eventID).filter((r) => !before.has(r.eventID));
    expect(stratusSummary).toMatchObject({
      files: 35,
      imported: fresh.length,
      duplicates: stratus.length - fresh.length,
      ...clean,
    });
    expect(fresh.length).toBe(310);
    const stratusIds = { eventId: { in: stratus.map((r) => r.eventID) } };
    expect(await dbTally("accessKeyId", stratusIds)).toEqual(tally(stratus, (r) => r.userIdentity.accessKeyId));
    expect(await dbTally("eventName", stratusIds)).toEqual(tally(stratus, (r) => r.eventName));
    // Anonymised IPs such as "255.090.254.5" are not addresses: stored empty.
    expect(await db.event.count({ where: { ...stratusIds, sourceIpAddress: null } })).toBe(
      stratus.filter((r) => isIP(String(r.sourceIPAddress)) === 0).length,
    );

    const otrfSummary = await importFiles(database, [dir("otrf-security-datasets-aws")]);
    expect(otrfSummary).toMatchObject({ files: 1, imported: otrf.length, duplicates: 0, ...clean });
    expect(otrf.length).toBe(103);
    expect(otrfSummary.skippedFiles).toHaveLength(6); // zips, CSV, YAML, LICENSE, SOURCE.md
    const rows = await db.event.findMany({ where: { eventId: { in: otrf.map((r) => r.eventID) } } });
    const stamps = new Map(otrf.map((r) => [r.eventID, r["@timestamp"]]));
    expect(rows.map((r) => r.eventTime.toISOString()).sort()).toEqual([...stamps.values()].sort());
    expect(await dbTally("userName", { eventId: { in: [...stamps.keys()] }, identityType: "IAMUser" })).toEqual(
      tally(
        otrf.filter((r) => r.userIdentity.type === "IAMUser"),
        (r) => r.userIdentity.userName,
      ),
    );
  });

  it("imports the ActionTrail samples: SLS entries, Sentinel rows and JSON Lines, each event once", async () => {
    const summary = await importFiles(database, [alibabaDir]);
    const events = distinct(alibaba, (e) => e.eventId);
    expect(events).toHaveLength(20);
    expect(summary).toMatchObject({ files: 3, imported: 20, duplicates: alibaba.length - 20, ...clean });
    expect(alibaba).toHaveLength(42);
    const where = { origin: "actiontrail" };
    expect(await db.event.count({ where })).toBe(20);
    expect(await dbTally("userName", where)).toEqual(tally(events, (e) => e.userIdentity.userName));
    expect(await dbTally("accessKeyId", where)).toEqual(tally(events, (e) => e.userIdentity.accessKeyId));
    expect(await dbTally("eventName", where)).toEqual(tally(events, (e) => e.eventName));
  });

  it("imports the CloudAudit responses; the example whose CloudAuditEvent is broken JSON is rejected with the reason", async () => {
    const summary = await importFiles(database, cloudAuditPaths);
    expect(summary).toMatchObject({
      files: 3,
      imported: 1,
      duplicates: 1, // the decoded copy of the DescribeEvents event
      rejected: 1,
      rejectedByFile: [
        {
          file: path.join(cloudAuditDir, "lookup-events.json"),
          count: 1,
          firstReasons: [`record 1: CloudAuditEvent: invalid JSON (${parseError(lookUpEvent.CloudAuditEvent)})`],
        },
      ],
    });
    const row = await db.event.findUniqueOrThrow({ where: { eventId: "008ef803-4549-41fe-a7e6-433122273683" } });
    expect(row).toMatchObject({
      origin: "cloudaudit",
      eventName: "CreateAuditTrack",
      userName: "root",
      eventTime: new Date(1680513809_000),
    });
    expect(readFileSync(path.join(cloudAuditDir, "describe-events.json"), "utf8")).toContain(row.raw);
  });

  it("importing everything again stores nothing new", async () => {
    const count = await db.event.count();
    expect(count).toBe(2900 + 310 + 103 + 20 + 1);
    const all = [
      "invictus-aws-cloudtrail",
      "stratus-red-team-detonation-logs",
      "otrf-security-datasets-aws",
      "alibaba-actiontrail-samples",
    ];
    const summary = await importFiles(database, [...all.map(dir), ...cloudAuditPaths], { batchSize: 700 });
    expect(summary).toMatchObject({
      files: 55 + 35 + 1 + 3 + 3,
      imported: 0,
      duplicates: 2900 + 310 + 103 + 42 + 2,
      rejected: 1,
    });
    expect(await db.event.count()).toBe(count);
  });

  it("every imported record is in its account's hash chain, which verifies clean", async () => {
    const report = await verifyEvents(
      database,
      path.join(tmpdir(), "keytrail-no-digests"),
      generateKeyPairSync("ed25519").publicKey,
    );
    expect(report).toMatchObject({ events: 2900 + 310 + 103 + 20 + 1, findings: [] });
    expect(await db.event.count({ where: { hash: null } })).toBe(0);
  });
});

describe("malformed input", () => {
  const folder = path.join(tmp, "malformed");
  const good = (eventID: string, extra: object = {}) =>
    JSON.stringify({
      eventVersion: "1.08",
      eventID,
      eventTime: "2024-03-01T10:00:00Z",
      eventName: "ListUsers",
      eventSource: "iam.amazonaws.com",
      awsRegion: "us-east-1",
      sourceIPAddress: "198.51.100.7",
      userIdentity: { type: "IAMUser", userName: "mallory", accessKeyId: "AKIAMALFORMED0000001" },
      ...extra,
    });
  const brokenLine = '{"eventID":"bad-1","eventTime":"2024-03-01T10:00:00Z",';
  const noTime = JSON.stringify({
    eventID: "bad-2",
    eventName: "ListUsers",
    eventSource: "iam.amazonaws.com",
    awsRegion: "us-east-1",
  });
  const sls = json<{ contents: { event: string } }[]>(path.join(alibabaDir, "AliCloud_CL.json"));
  const slsGood = {
    ...sls[0],
    contents: {
      ...sls[0].contents,
      event: sls[0].contents.event.replace("B7D88359-3D64-5204-A0F7-A277267938EE", "malformed-sls-1"),
    },
  };
  const slsBroken = { ...sls[1], contents: { ...sls[1].contents, event: sls[1].contents.event.slice(0, -40) } };

  beforeAll(() => {
    mkdirSync(folder);
    const lines = [
      good("good-1"),
      brokenLine,
      noTime,
      good("good-2", { sourceIPAddress: "300.1.2.3" }),
      "",
      good("bad-3", { userAgent: "curl\u0000" }),
      good("bad-4", { userIdentity: { type: "IAMUser", userName: "x".repeat(3000) } }),
    ];
    writeFileSync(path.join(folder, "trail.jsonl"), lines.join("\n"));
    writeFileSync(path.join(folder, "sls.json"), JSON.stringify([slsGood, slsBroken], null, 2));
    writeFileSync(path.join(folder, "unknown.json"), '{"hello":"world"}');
    writeFileSync(path.join(folder, "notes.txt"), "not an audit log");
  });

  it("counts exact rejections with reasons and stores the good records", async () => {
    const summary = await importFiles(database, [folder]);
    expect(summary).toEqual({
      files: 3,
      imported: 3,
      duplicates: 0,
      rejected: 6,
      rejectedByFile: [
        {
          file: path.join(folder, "sls.json"),
          count: 1,
          firstReasons: [`record 2: event: invalid JSON (${parseError(slsBroken.contents.event)})`],
        },
        {
          file: path.join(folder, "trail.jsonl"),
          count: 4,
          firstReasons: [
            `line 2: invalid JSON (${parseError(brokenLine)})`,
            "line 3: eventTime: missing",
            "line 6: userAgent: contains a NUL character",
            "line 7: userIdentity.userName: longer than 256 characters",
          ],
        },
        {
          file: path.join(folder, "unknown.json"),
          count: 1,
          firstReasons: [
            "file: unknown format: a JSON object whose first record is not CloudTrail, ActionTrail, CloudAudit or Keytrail JSON (keys: hello)",
          ],
        },
      ],
      skippedFiles: [
        {
          path: path.join(folder, "notes.txt"),
          reason: "not one of .json, .json.gz, .jsonl, .jsonl.gz, .ndjson, .ndjson.gz",
        },
      ],
    });
    const rows = await db.event.findMany({
      where: { eventId: { in: ["good-1", "good-2", "malformed-sls-1", "bad-1", "bad-2", "bad-3", "bad-4"] } },
      orderBy: { eventId: "asc" },
    });
    expect(rows.map((r) => [r.eventId, r.sourceIpAddress, r.origin])).toEqual([
      ["good-1", "198.51.100.7", "cloudtrail"],
      ["good-2", null, "cloudtrail"],
      ["malformed-sls-1", "77.77.77.77", "actiontrail"],
    ]);
    expect(rows[0].raw).toBe(good("good-1"));
    expect(readFileSync(path.join(folder, "sls.json"), "utf8")).toContain(rows[2].raw); // the entry, pretty-printed as given
    expect(JSON.parse(rows[2].raw)).toEqual(slsGood);
  });

  it("imports JSON Lines of Keytrail's own shape", async () => {
    const file = path.join(tmp, "keytrail-export.jsonl");
    const line = (eventId: string) =>
      JSON.stringify({
        eventId,
        eventTime: "2026-01-02T03:04:05.678Z",
        eventName: "CreateUser",
        eventSource: "keytrail",
        serviceName: "keytrail",
        eventType: "ConsoleOperation",
        readOnly: false,
        sensitive: true,
        userIdentity: { type: "SubUser", userName: "admin", mfaUsed: true },
      });
    writeFileSync(file, `${line("own-1")}\n${line("own-2")}\n`);
    expect(await importFiles(database, [file])).toMatchObject({ files: 1, imported: 2, ...clean });
    expect(await db.event.findUniqueOrThrow({ where: { eventId: "own-2" } })).toMatchObject({
      origin: "jsonl",
      eventName: "CreateUser",
      sensitive: true,
      userName: "admin",
      raw: line("own-2"),
    });
  });

  it("the command prints the summary and exits 1 when records were rejected, 0 when not, 2 for usage errors", () => {
    // This process keeps its connection open, as a running console would.
    const run = (...args: string[]) =>
      spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/import.ts", ...args], {
        encoding: "utf8",
        env: process.env,
      });
    const rejected = run(folder);
    expect(rejected.stderr).toBe("");
    expect(rejected.status).toBe(1);
    expect(rejected.stdout.split("\n")[0]).toBe(
      "Imported 3 events from 3 files: 0 new, 3 duplicates skipped, 6 records rejected.",
    );
    expect(rejected.stdout).toContain("    line 3: eventTime: missing");
    const fine = run(path.join(cloudAuditDir, "describe-events.json"));
    expect(fine.status).toBe(0);
    expect(fine.stdout.trim()).toBe("Imported 1 event from 1 file: 0 new, 1 duplicate skipped, 0 records rejected.");
    expect(run().status).toBe(2);
    expect(run(path.join(tmp, "does-not-exist")).status).toBe(2);
  });
});
