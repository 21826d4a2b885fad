import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { deliveredRecord } from "./delivered-record";
import {
  compactUtc,
  deliverToDirectory,
  directoryFilePath,
  removeStaleTempFiles,
  safeNamePart,
} from "./directory-destination";
import { sampleEvents } from "./test-support/sample-events";

const roots: string[] = [];
const newRoot = () => {
  const root = mkdtempSync(path.join(tmpdir(), "keytrail-delivery-"));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Every file under root, relative, posix separators. */
function listFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => statSync(path.join(root, f)).isFile())
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

/** A final file's records; throws if it is torn (gzip or JSON incomplete). */
function readRecords(file: string): Record<string, unknown>[] {
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("file names", () => {
  it("makes set and account names filename-safe", () => {
    expect(safeNamePart("Prod IAM / writes_only", "set")).toBe("Prod-IAM-writes-only");
    expect(safeNamePart("..hidden..", "set")).toBe("hidden");
    expect(safeNamePart("日本", "set")).toBe("set");
    expect(safeNamePart("a".repeat(80), "set")).toBe("a".repeat(64));
    expect(compactUtc(new Date("2024-05-01T22:30:07.123Z"))).toBe("20240501T223007Z");
  });

  it("puts the UTC hour in the path and a hash of the first event in the name", () => {
    const [first] = sampleEvents(1);
    expect(directoryFilePath("Prod IAM", first)).toMatch(
      /^2024\/05\/01\/22\/111122223333_Prod-IAM_20240501T223000Z_[0-9a-f]{8}\.jsonl\.gz$/,
    );
    expect(directoryFilePath("Prod IAM", { ...first, accountId: null })).toMatch(/^2024\/05\/01\/22\/none_Prod-IAM_/);
    // Same set, account and first event: same name (a redelivery overwrites); another set or event: another name.
    expect(directoryFilePath("Prod IAM", first)).toBe(directoryFilePath("Prod IAM", { ...first }));
    expect(directoryFilePath("Prod_IAM", first)).not.toBe(directoryFilePath("Prod-IAM", first));
    expect(directoryFilePath("Prod IAM", { ...first, eventId: "other" })).not.toBe(
      directoryFilePath("Prod IAM", first),
    );
  });
});

describe("deliverToDirectory", () => {
  it("writes one gzip JSON Lines file per UTC hour and account, records in batch order", async () => {
    const root = newRoot();
    const events = sampleEvents(2_000); // 22:30 to 00:09 the next day, three accounts (one of them none)
    const { files } = await deliverToDirectory(root, "My set", events);
    expect(files.length).toBe(9);
    expect(listFiles(root)).toEqual([...files].sort());
    expect(files.filter((f) => f.startsWith("2024/05/02/00/"))).toHaveLength(3);
    const all = files.flatMap((f) => readRecords(path.join(root, f)));
    expect(all).toHaveLength(events.length);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    for (const file of files) {
      const records = readRecords(path.join(root, file));
      const first = byId.get(String(records[0].eventId))!;
      expect(file).toBe(directoryFilePath("My set", first));
      for (const record of records) {
        const event = byId.get(String(record.eventId))!;
        expect(record).toEqual(deliveredRecord(event));
        expect(file.slice(0, 13)).toBe(event.eventTime.toISOString().slice(0, 13).replace(/[-T]/g, "/"));
      }
      const ids = records.map((r) => String(r.eventId));
      expect(ids).toEqual([...ids].sort());
    }
  });

  it("overwrites the same files when the same batch is delivered again", async () => {
    const root = newRoot();
    const events = sampleEvents(300);
    const once = await deliverToDirectory(root, "s", events);
    const twice = await deliverToDirectory(root, "s", events);
    expect(twice).toEqual(once);
    expect(listFiles(root)).toEqual([...once.files].sort());
    expect(await deliverToDirectory(root, "s", [])).toEqual({ files: [] });
  });

  it("removes only stale temp files", async () => {
    const root = newRoot();
    const { files } = await deliverToDirectory(root, "s", sampleEvents(3));
    const dir = path.join(root, path.dirname(files[0]));
    const stale = path.join(dir, ".x.jsonl.gz.tmp-123-0a1b2c3d");
    const fresh = path.join(dir, ".y.jsonl.gz.tmp-123-0a1b2c3d");
    writeFileSync(stale, "partial");
    writeFileSync(fresh, "partial");
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(stale, old, old);
    expect(await removeStaleTempFiles(root, 10)).toEqual([
      path.posix.join(path.posix.dirname(files[0]), ".x.jsonl.gz.tmp-123-0a1b2c3d"),
    ]);
    expect(listFiles(root)).toEqual(
      [...files, path.posix.join(path.posix.dirname(files[0]), ".y.jsonl.gz.tmp-123-0a1b2c3d")].sort(),
    );
    expect(await removeStaleTempFiles(path.join(root, "missing"), 0)).toEqual([]);
  });

  it("survives a kill mid-file: no torn file, and a rerun holds exactly the events, once each", async () => {
    const root = newRoot();
    const count = "20000";
    const writer = path.resolve("lib/delivery/test-support/directory-writer.ts");
    const child = spawn(process.execPath, ["--import", "tsx", writer, root, count, "loop"], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    // Kill it without warning while it writes a file, with some of the batch's files already in place.
    const isTemp = (f: string) => /(^|\/)\.[^/]+\.tmp-\d+-[0-9a-f]{8}$/.test(f);
    for (let i = 0; ; i++) {
      if (i > 3_000) throw new Error("the writer never got going");
      try {
        const files = listFiles(root);
        if (files.some(isTemp) && files.filter((f) => !isTemp(f)).length >= 5) break;
      } catch {
        // A temp file renamed between readdir and stat.
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const afterKill = listFiles(root);
    expect(afterKill.filter((f) => !isTemp(f)).length).toBeGreaterThanOrEqual(5);
    for (const file of afterKill) {
      if (isTemp(file)) continue;
      expect(file).toMatch(/\.jsonl\.gz$/);
      for (const record of readRecords(path.join(root, file))) expect(record.raw).toEqual(expect.any(String));
    }

    const again = spawnSync(process.execPath, ["--import", "tsx", writer, root, count], { encoding: "utf8" });
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    await removeStaleTempFiles(root, 0, new Date(Date.now() + 60_000));
    const ids = listFiles(root).flatMap((f) => readRecords(path.join(root, f)).map((r) => String(r.eventId)));
    expect(ids).toHaveLength(Number(count));
    expect(new Set(ids)).toEqual(new Set(sampleEvents(Number(count)).map((e) => e.eventId)));
  }, 60_000);
});
