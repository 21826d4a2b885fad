// Which source format a file holds, from its name, its first bytes and its first parsed record, and the normaliser
// that turns each of its records into an event. Unknown formats are refused with a reason naming what was seen.
import { actionTrailEntryEvent, normaliseActionTrail, normaliseActionTrailEntry } from "./actiontrail";
import { normaliseCloudAudit } from "./cloudaudit";
import { normaliseCloudTrail } from "./cloudtrail";
import { normaliseOwnShape } from "./own-shape";
import type { NormaliseResult } from "./result";

/** How a file is laid out: one JSON value per line, or one (possibly huge) JSON document. */
export type FileLayout = "jsonl" | "json";

/**
 * Where a record sat: a line of a JSON Lines file, an element of a top-level array, of a CloudTrail
 * `{"Records":[...]}` file, of a CloudAudit response's `Response.Events`, or the file's single object.
 */
export type RecordContainer = "jsonl" | "array" | "records" | "cloudaudit-events" | "document";

export type RecordFormat = "cloudtrail" | "actiontrail" | "actiontrail-entry" | "cloudaudit" | "own-shape";

export type Normaliser = (record: unknown, raw: string) => NormaliseResult;

export type Detection =
  { ok: true; format: RecordFormat; description: string; normalise: Normaliser } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const JSONL_NAME = /\.(jsonl|ndjson)(\.gz)?$/i;

/** JSON Lines or one JSON document, from the file name and its first (decompressed) characters. */
export function detectLayout(
  fileName: string,
  head: string,
): { ok: true; layout: FileLayout } | { ok: false; reason: string } {
  const text = head.replace(/^\uFEFF/, "");
  const first = text.trimStart().charAt(0);
  if (first === "") return { ok: false, reason: "empty file" };
  if (JSONL_NAME.test(fileName)) return { ok: true, layout: "jsonl" };
  if (first !== "{" && first !== "[")
    return { ok: false, reason: `not JSON (starts with ${JSON.stringify(text.trimStart().slice(0, 20))})` };
  // A .json file is JSON Lines when its first line is a whole JSON value and more follows (e.g. Logstash output).
  const newline = text.indexOf("\n");
  if (newline < 0 || text.slice(newline).trim() === "") return { ok: true, layout: "json" };
  try {
    JSON.parse(text.slice(0, newline));
    return { ok: true, layout: "jsonl" };
  } catch {
    return { ok: true, layout: "json" };
  }
}

/** The format of one record by its shape, or null when it is none we know. */
export function classifyRecord(record: unknown): RecordFormat | null {
  if (!isObj(record)) return null;
  if (actionTrailEntryEvent(record) !== null) return "actiontrail-entry";
  const source = typeof record.eventSource === "string" ? record.eventSource : "";
  if ("CloudAuditEvent" in record || ("EventId" in record && "EventName" in record)) return "cloudaudit";
  if (/\.(tencentyun|tencentcloudapi)\.com(\/|$)/.test(source) && "eventID" in record) return "cloudaudit";
  if ("acsRegion" in record || "eventRW" in record) return "actiontrail";
  if ("eventID" in record || "awsRegion" in record || "recipientAccountId" in record) return "cloudtrail";
  if ("eventId" in record && "eventTime" in record) return "own-shape";
  return null;
}

/** A wrapper entry's inner event may itself be CloudTrail or CloudAudit: normalise it by its own shape. */
function normaliseEntry(record: unknown, raw: string): NormaliseResult {
  const inner = actionTrailEntryEvent(record);
  if (inner?.ok) {
    const kind = classifyRecord(inner.event);
    if (kind === "cloudaudit") return normaliseCloudAudit(inner.event, raw);
    if (kind === "cloudtrail") return normaliseCloudTrail(inner.event, raw);
  }
  return normaliseActionTrailEntry(record, raw);
}

const NORMALISERS: Record<RecordFormat, Normaliser> = {
  cloudtrail: normaliseCloudTrail,
  actiontrail: normaliseActionTrail,
  "actiontrail-entry": normaliseEntry,
  cloudaudit: normaliseCloudAudit,
  "own-shape": (record, raw) => normaliseOwnShape(record, raw, "jsonl"),
};

const FORMAT_NAMES: Record<RecordFormat, string> = {
  cloudtrail: "CloudTrail",
  actiontrail: "ActionTrail",
  "actiontrail-entry": "Log Service / Sentinel entries",
  cloudaudit: "CloudAudit",
  "own-shape": "Keytrail events",
};

const CONTAINER_NAMES: Record<RecordContainer, string> = {
  jsonl: "JSON Lines",
  array: "JSON array",
  records: '{"Records":[...]} file',
  "cloudaudit-events": "LookUpEvents/DescribeEvents response",
  document: "JSON object",
};

/** The format of a file's records, decided from its first parsed record and where that record sat. */
export function detectFormat(firstRecord: unknown, container: RecordContainer): Detection {
  // The wrapper decides: CloudTrail's delivery files and CloudAudit's API responses name their records.
  const format: RecordFormat | null =
    container === "records"
      ? "cloudtrail"
      : container === "cloudaudit-events"
        ? "cloudaudit"
        : classifyRecord(firstRecord);
  if (!format) {
    const keys = isObj(firstRecord) ? Object.keys(firstRecord).slice(0, 6).join(", ") : typeof firstRecord;
    return {
      ok: false,
      reason:
        `unknown format: a ${CONTAINER_NAMES[container]} whose first record is not CloudTrail, ActionTrail, ` +
        `CloudAudit or Keytrail JSON (${isObj(firstRecord) ? `keys: ${keys}` : keys})`,
    };
  }
  return {
    ok: true,
    format,
    description: `${FORMAT_NAMES[format]} (${CONTAINER_NAMES[container]})`,
    normalise: NORMALISERS[format],
  };
}
