// Example client of the signed ingest API:
//   KEYTRAIL_ACCESS_KEY_ID=... KEYTRAIL_ACCESS_KEY_SECRET=... tsx scripts/send-events.ts <url> <file.jsonl>
// e.g. url http://127.0.0.1:3000/api/v1/events. Reads one event of our own shape per line, posts them in
// batches of at most 1,000 events and under 5 MB, each signed with the AccessKey (SigV4), and prints the
// per-batch summary and every rejected event. Re-running is safe: the API is idempotent on eventId.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { signRequest } from "@/lib/api/sign-request";

const MAX_EVENTS = 1000;
// Leaves room for the {"events":[...]} wrapper and commas under the server's 5 MB limit.
const MAX_BYTES = 5 * 1024 * 1024 - 64 * 1024;

const [url, file] = process.argv.slice(2);
const accessKeyId = process.env.KEYTRAIL_ACCESS_KEY_ID;
const secret = process.env.KEYTRAIL_ACCESS_KEY_SECRET;
if (!url || !file || !accessKeyId || !secret) {
  console.error(
    "Usage: KEYTRAIL_ACCESS_KEY_ID=... KEYTRAIL_ACCESS_KEY_SECRET=... tsx scripts/send-events.ts <url> <file.jsonl>",
  );
  console.error("Optional: KEYTRAIL_REGION (the region to sign for, default cn-hangzhou).");
  process.exit(2);
}

interface Summary {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: { index: number; eventId: string | null; status: string; reason?: string }[];
}

const totals = { accepted: 0, duplicates: 0, rejected: 0, failedBatches: 0, unreadableLines: 0 };
let batch: { line: number; text: string }[] = [];
let batchBytes = 0;
let batchNumber = 0;

async function send(): Promise<void> {
  if (batch.length === 0) return;
  const lines = batch;
  batch = [];
  batchBytes = 0;
  batchNumber += 1;
  const body = `{"events":[${lines.map((l) => l.text).join(",")}]}`;
  const headers = await signRequest({
    url,
    method: "POST",
    body,
    accessKeyId: accessKeyId!,
    secret: secret!,
    region: process.env.KEYTRAIL_REGION || undefined,
  });
  // fetch sets Host itself (to the same value the signature covers).
  delete headers.host;
  const label = `batch ${batchNumber} (lines ${lines[0].line}-${lines[lines.length - 1].line})`;
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  if (!response.ok) {
    totals.failedBatches += 1;
    console.error(`${label}: HTTP ${response.status} ${text}`);
    return;
  }
  const summary = JSON.parse(text) as Summary;
  totals.accepted += summary.accepted;
  totals.duplicates += summary.duplicates;
  totals.rejected += summary.rejected;
  console.log(`${label}: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected`);
  for (const r of summary.results)
    if (r.status === "rejected")
      console.log(`  line ${lines[r.index].line}: rejected (${r.eventId ?? "no eventId"}): ${r.reason}`);
}

let lineNumber = 0;
for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  lineNumber += 1;
  const text = raw.trim();
  if (!text) continue;
  try {
    JSON.parse(text);
  } catch {
    // One broken line would make the whole batch unparseable: report it and keep going.
    totals.unreadableLines += 1;
    console.error(`line ${lineNumber}: not valid JSON, skipped`);
    continue;
  }
  const bytes = Buffer.byteLength(text) + 1;
  if (batch.length === MAX_EVENTS || (batch.length > 0 && batchBytes + bytes > MAX_BYTES)) await send();
  batch.push({ line: lineNumber, text });
  batchBytes += bytes;
}
await send();

console.log(
  `total: ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected` +
    (totals.unreadableLines ? `, ${totals.unreadableLines} unreadable lines` : "") +
    (totals.failedBatches ? `, ${totals.failedBatches} failed batches` : ""),
);
if (totals.failedBatches || totals.rejected || totals.unreadableLines) process.exitCode = 1;
