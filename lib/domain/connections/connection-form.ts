// The Settings → Connections form in words and back: each bucket layout's documented path, and a form's text
// fields turned into the one JSON shape (settings.ts) that the command line and the API send too. Pure: the
// server action calls it, the form shows the same labels.
import type { ConnectionState } from "./connection-state";
import type { ApiCloud, BucketLayout, PushEnvelope } from "./settings";

export interface LayoutPreset {
  value: BucketLayout;
  label: string;
  /** Where the cloud's trail writes, as its documentation gives it. */
  path: string;
}

export const LAYOUT_PRESETS: readonly LayoutPreset[] = [
  {
    value: "aws-cloudtrail",
    label: "AWS CloudTrail",
    path: "[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz",
  },
  {
    value: "alibaba-actiontrail",
    label: "Alibaba Cloud ActionTrail",
    path: "[prefix/]AliyunLogs/Actiontrail/[<rd_id>/<account>/]<region>/YYYY/MM/DD/*.gz",
  },
  { value: "tencent-cloudaudit", label: "Tencent Cloud CloudAudit tracking set", path: "[prefix/]YYYYMMDDH/*" },
  { value: "pattern", label: "A pattern of my own (Baidu BCT, a copy elsewhere…)", path: "the pattern below" },
];

export const API_CLOUD_LABELS: Readonly<Record<ApiCloud, string>> = {
  aws: "AWS CloudTrail LookupEvents",
  alibaba: "Alibaba Cloud ActionTrail LookupEvents",
  tencent: "Tencent Cloud CloudAudit LookUpEvents",
};

export const ENVELOPE_LABELS: Readonly<Record<PushEnvelope, string>> = {
  eventbridge: "AWS EventBridge API destination (detail-type / detail)",
  cloudevents: "CloudEvents 1.0 (Alibaba Cloud and Tencent Cloud EventBridge HTTP targets)",
};

export const KIND_LABELS: Readonly<Record<string, string>> = {
  bucket: "Trail bucket",
  api: "Event API",
  push: "Push receiver",
};

/** The fields of each kind, as the form names them (the JSON shape's own names). */
const FIELDS = {
  bucket: ["layout", "pattern", "endpoint", "region", "bucket", "prefix", "accessKeyId", "secretAccessKey"],
  api: ["cloud", "region", "endpoint", "accessKeyId", "secretAccessKey"],
  push: ["envelope"],
} as const;

/** A whole number typed in a form, or the text itself so the shape's check names the field. */
function whole(value: string | undefined): number | string | undefined {
  const text = (value ?? "").trim();
  if (text === "") return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/**
 * A form's text fields as the connection's JSON shape. Empty optional fields are left out (the shape's defaults
 * apply), and so is an empty secret: on an edit that keeps the stored one. A checkbox is "on" when ticked and absent
 * when not (false).
 */
export function connectionInputFromForm(values: Readonly<Record<string, string>>): Record<string, unknown> {
  const kind = values.kind ?? "";
  const input: Record<string, unknown> = { kind, name: (values.name ?? "").trim() };
  const fields: readonly string[] = kind in FIELDS ? FIELDS[kind as keyof typeof FIELDS] : [];
  for (const field of fields) {
    const value = values[field] ?? "";
    if (field === "secretAccessKey") {
      if (value !== "") input[field] = value;
    } else if (field === "prefix") {
      input[field] = value.trim();
    } else if (value.trim() !== "") {
      input[field] = value.trim();
    }
  }
  if (kind === "bucket") {
    input.pathStyle = values.pathStyle === "on";
    input.readDigests = values.readDigests === "on";
    if (input.layout !== "pattern") delete input.pattern;
  }
  if (kind === "bucket" || kind === "api") {
    const poll = whole(values.pollSeconds);
    if (poll !== undefined) input.pollSeconds = poll;
  }
  if (kind === "api") {
    const overlap = whole(values.overlapMinutes);
    if (overlap !== undefined) input.overlapMinutes = overlap;
  }
  return input;
}

/** Lag in words: how far the newest event read is behind now. */
export function describeLag(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "No events yet";
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

export const STATE_LABELS: Readonly<Record<ConnectionState, string>> = {
  running: "Running",
  paused: "Paused",
  failing: "Failing",
};

/** "Failing: the bucket does not exist…", or the state alone. */
export function describeState(state: ConnectionState, lastError: string | null | undefined): string {
  return state === "failing" && lastError ? `Failing: ${lastError}` : STATE_LABELS[state];
}

/** Backfill progress as a whole percentage of the objects or pages found (0 while none are found yet). */
export function backfillPercent(done: number, found: number): number {
  if (found <= 0) return 0;
  return Math.min(100, Math.floor((done / found) * 100));
}

/** Stored settings as the edit form's values (they hold no secret): ticked boxes "on", numbers as text. */
export function formValuesOf(settings: Readonly<Record<string, unknown>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries(settings)) {
    if (typeof value === "boolean") values[field] = value ? "on" : "";
    else if (typeof value === "number" || typeof value === "string") values[field] = String(value);
  }
  return values;
}
