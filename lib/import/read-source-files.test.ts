// Reading source files: which files, and each record with its EXACT source text, streamed (gzip included).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DATASETS } from "@/tests/fixtures/datasets";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { JsonRecordScanner, type ScannedRecord } from "./json-record-scanner";
import { listSourceFiles, readSourceBytes, readSourceFile, type SourceItem } from "./read-source-files";

const INVICTUS = path.join(DATASETS, "invictus-aws-cloudtrail/CloudTrail");
const STRATUS = path.join(DATASETS, "stratus-red-team-detonation-logs/aws.execution.ssm-send-command.json");
const OTRF = path.join(DATASETS, "otrf-security-datasets-aws/ec2_proxy_s3_exfiltration_2020-09-14011940.json");
const tmp = mkdtempSync(path.join(tmpdir(), "keytrail-read-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(file: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readSourceFile(file)) items.push(item);
  return items;
}
const records = (items: SourceItem[]) => items.flatMap((i) => (i.kind === "record" ? [i] : []));

describe("readSourceFile", () => {
  it("streams a CloudTrail Records file: every record, its raw text verbatim from the file", async () => {
    const file = path.join(INVICTUS, readdirSync(INVICTUS)[0]);
    const text = readFileSync(file, "utf8");
    const expected = (JSON.parse(text) as { Records: unknown[] }).Records;
    const items = await readAll(file);
    expect(items.map((i) => i.kind === "record" && i.container)).toEqual(expected.map(() => "records"));
    expect(records(items).map((i) => i.record)).toEqual(expected);
    for (const item of records(items)) expect(text.includes(item.raw)).toBe(true);
    expect(records(items)[0].raw).toBe(JSON.stringify(expected[0])); // compact source: same text
  });

  it("keeps the pretty-printed text of array elements, and reads .gz the same", async () => {
    const text = readFileSync(STRATUS, "utf8");
    const items = records(await readAll(STRATUS));
    expect(items).toHaveLength(56);
    expect(items[0].raw).toMatch(/^\{\n {6}"awsRegion"/);
    for (const item of items) expect(text.includes(item.raw)).toBe(true);
    const gz = path.join(tmp, "stratus.json.gz");
    writeFileSync(gz, gzipSync(text));
    expect(records(await readAll(gz)).map((i) => i.raw)).toEqual(items.map((i) => i.raw));
  });

  it("reads a .json file that is JSON Lines line by line, raw = the line", async () => {
    const lines = readFileSync(OTRF, "utf8").split("\n").filter(Boolean);
    const items = await readAll(OTRF);
    expect(items).toHaveLength(103);
    expect(items.map((i) => (i.kind === "record" ? i.raw : null))).toEqual(lines);
    expect(items[2]).toMatchObject({ label: "line 3", container: "jsonl" });
  });

  it("reports broken lines and records, and a truncated file, without losing the good ones", async () => {
    const jsonl = path.join(tmp, "mixed.jsonl");
    writeFileSync(jsonl, '{"a":1}\r\n\n{"b":\n[1]\n');
    expect(await readAll(jsonl)).toMatchObject([
      { kind: "record", label: "line 1", raw: '{"a":1}' },
      { kind: "error", label: "line 3", reason: expect.stringMatching(/^invalid JSON \(/) },
      { kind: "record", label: "line 4", record: [1] },
    ]);
    const truncated = path.join(tmp, "truncated.json.gz");
    writeFileSync(truncated, gzipSync('{"Records":[{"eventID":"1"},{"eventID":2,}, 7, {"eventID":"3"'));
    expect(await readAll(truncated)).toMatchObject([
      { kind: "record", label: "record 1", raw: '{"eventID":"1"}' },
      { kind: "error", label: "record 2", reason: expect.stringMatching(/^invalid JSON \(/) },
      { kind: "error", label: "record 3", reason: "not a JSON object" },
      {
        kind: "error",
        label: "file",
        reason: "after record 3: invalid JSON: the file ends in the middle of a value (truncated?)",
      },
    ]);
  });

  it("reports unreadable and non-JSON files as one file-level error", async () => {
    const notGzip = path.join(tmp, "plain.json.gz");
    writeFileSync(notGzip, "{}");
    expect(await readAll(notGzip)).toEqual([
      { kind: "error", file: notGzip, index: 0, label: "file", reason: "cannot read: incorrect header check" },
    ]);
    const csv = path.join(tmp, "report.json");
    writeFileSync(csv, "user,arn\n");
    expect(await readAll(csv)).toMatchObject([{ label: "file", reason: 'not JSON (starts with "user,arn\\n")' }]);
  });
});

describe("JsonRecordScanner", () => {
  const scan = (text: string, chunkSize: number): ScannedRecord[] => {
    const scanner = new JsonRecordScanner();
    const out: ScannedRecord[] = [];
    for (let i = 0; i < text.length; i += chunkSize) out.push(...scanner.push(text.slice(i, i + chunkSize)));
    scanner.end();
    return out;
  };

  it("finds the same records whatever the chunk boundaries (escapes, keys and brackets inside strings)", () => {
    const text =
      '{"Other":{"Records":[9]},"Records" : [ {"k":"a\\"]}\\\\","n":[1,{"x":"}"}]} ,{"e":"\\u00e9\\n"} ]}' +
      '\n{"Response":{"RequestId":"r","Events":[{"EventId":"1","CloudAuditEvent":"{\\"a\\":1}"}]}}' +
      '\n[{"one":1},{"two":"[{"}]\n{"single":true}';
    const whole = scan(text, text.length);
    expect(whole).toEqual([
      { container: "records", text: '{"k":"a\\"]}\\\\","n":[1,{"x":"}"}]}' },
      { container: "records", text: '{"e":"\\u00e9\\n"}' },
      { container: "cloudaudit-events", text: '{"EventId":"1","CloudAuditEvent":"{\\"a\\":1}"}' },
      { container: "array", text: '{"one":1}' },
      { container: "array", text: '{"two":"[{"}' },
      { container: "document", text: '{"single":true}' },
    ]);
    for (const size of [1, 2, 3, 7]) expect(scan(text, size)).toEqual(whole);
  });

  it("refuses broken structure", () => {
    expect(() => scan('[{"a":1}}', 100)).toThrow('invalid JSON: unexpected "}" at character 9');
    expect(() => scan("nope", 100)).toThrow('not JSON: unexpected "n" at character 1');
    expect(() => scan('{"a":"', 100)).toThrow("ends in the middle of a value");
  });
});

describe("listSourceFiles", () => {
  it("walks folders in order, skips digests and other files, reports missing arguments", async () => {
    const root = path.join(tmp, "AWSLogs/111122223333");
    const logs = path.join(root, "CloudTrail/us-east-1/2024/01/02");
    const digests = path.join(root, "CloudTrail-Digest/us-east-1/2024/01/02");
    mkdirSync(logs, { recursive: true });
    mkdirSync(digests, { recursive: true });
    for (const name of ["b.json.gz", "a.json.gz", "notes.txt", "c.NDJSON"]) writeFileSync(path.join(logs, name), "");
    writeFileSync(
      path.join(digests, "111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240102T000000Z.json.gz"),
      "",
    );
    const missing = path.join(tmp, "nope");
    const list = await listSourceFiles([path.join(tmp, "AWSLogs"), path.join(logs, "a.json.gz"), missing]);
    expect(list.files).toEqual(["a.json.gz", "b.json.gz", "c.NDJSON"].map((n) => path.join(logs, n)));
    expect(list.missing).toEqual([missing]);
    expect(list.skipped.map((s) => [path.basename(s.path), s.reason.split(" (")[0].split(" .")[0]])).toEqual([
      ["notes.txt", "not one of"],
      ["111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240102T000000Z.json.gz", "CloudTrail digest file"],
    ]);
  });
});

describe("readSourceBytes", () => {
  const collect = async (name: string, bytes: Uint8Array) => {
    const items: SourceItem[] = [];
    for await (const item of readSourceBytes(name, bytes)) items.push(item);
    return items;
  };

  it("gunzips by the bytes, whatever the name says, and keeps each record's text", async () => {
    const text = readFileSync(STRATUS, "utf8");
    const expected = (JSON.parse(text) as unknown[]).length;
    const fromGzip = records(await collect("AWSLogs/x/no-extension", gzipSync(text)));
    const fromPlain = records(await collect("AWSLogs/x/named.json.gz", Buffer.from(text)));
    expect(fromGzip).toHaveLength(expected);
    expect(fromPlain.map((r) => r.raw)).toEqual(fromGzip.map((r) => r.raw));
    expect(fromGzip[0]).toMatchObject({ file: "AWSLogs/x/no-extension", label: "record 1", container: "array" });
    expect(text).toContain(fromGzip[0].raw);
  });

  it("reports a truncated gzip after the records before the damage", async () => {
    const items = await collect("cut.gz", gzipSync(readFileSync(STRATUS)).subarray(0, 40));
    expect(items).toEqual([
      { kind: "error", file: "cut.gz", index: 0, label: "file", reason: "cannot read: unexpected end of file" },
    ]);
  });
});
