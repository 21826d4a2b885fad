// An import killed with SIGKILL halfway through a large CloudTrail .json.gz, then run again, against a real
// database (SQLite and PostgreSQL): the final event set is exactly the file's (nothing lost, nothing twice), each
// row as a clean import stores it, and the hash chain verifies clean. The importer runs as its own process
// (node --import tsx, so the signal reaches the process doing the work).
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEvents } from "@/lib/integrity/verify-events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const COPIES = 20;
const source = dataset("invictus-aws-cloudtrail", "CloudTrail");
let dir = "";
let file = "";
let expected = new Map<string, string>();

beforeAll(async () => {
  await resetDatabase(database);
  dir = mkdtempSync(path.join(tmpdir(), "keytrail-kill-"));
  // The invictus records, COPIES times over with their own eventIDs: about 58,000 records in one file.
  const originals = readdirSync(source)
    .filter((f) => f.endsWith(".json"))
    .flatMap(
      (f) => (JSON.parse(readFileSync(path.join(source, f), "utf8")) as { Records: Record<string, unknown>[] }).Records,
    );
  const records: Record<string, unknown>[] = Array.from({ length: COPIES }, (_, copy) =>
    originals.map((r) => ({ ...r, eventID: `${r.eventID}-copy${copy}` })),
  ).flat();
  expected = new Map(records.map((r) => [String(r.eventID), String(r.eventName)]));
  file = path.join(dir, "large_CloudTrail.json.gz");
  writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
}, 60_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const importer = () => [path.resolve("scripts/import.ts"), file];

describe("an import killed halfway", () => {
  it("run again, stores exactly the file's events, once each, chained", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", ...importer()], { env: process.env, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    // Wait until part of the file is in, then kill it without warning.
    let atKill = 0;
    for (;;) {
      atKill = await db.event.count();
      if (atKill >= expected.size / 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const afterKill = await db.event.count();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(expected.size);

    const again = spawnSync(process.execPath, ["--import", "tsx", ...importer()], {
      env: process.env,
      encoding: "utf8",
    });
    expect(again.status).toBe(0);
    const imported = expected.size - afterKill;
    expect(again.stdout.split("\n")[0]).toBe(
      `Imported ${expected.size.toLocaleString("en-US")} events from 1 file: ${imported.toLocaleString("en-US")} new, ${afterKill.toLocaleString("en-US")} duplicates skipped, 0 records rejected.`,
    );

    const rows = await db.event.findMany({ select: { eventId: true, eventName: true } });
    expect(rows.length).toBe(expected.size);
    expect(new Map(rows.map((r) => [r.eventId, r.eventName]))).toEqual(expected);
    const report = await verifyEvents(database, path.join(dir, "no-digests"), generateKeyPairSync("ed25519").publicKey);
    expect(report).toMatchObject({ events: expected.size, findings: [] });
  }, 180_000);
});
