// The AccessKey audit's time window: a preset (the page's selector) or explicit ISO-8601 `from` / `to` (the
// API), default the last 90 days. A bad value is an error naming its parameter; `now` is passed in.
import { RANGE_PRESETS } from "./event-filter";

export const AUDIT_WINDOWS = ["24h", "7d", "30d", "90d", "180d"] as const;
export type AuditWindowPreset = (typeof AUDIT_WINDOWS)[number];
export const DEFAULT_AUDIT_WINDOW: AuditWindowPreset = "90d";

export const AUDIT_WINDOW_LABELS: Record<AuditWindowPreset, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "180d": "Last 180 days",
};

export type AuditWindowResult =
  { ok: true; from: Date; to: Date; preset: AuditWindowPreset | null } | { ok: false; param: string; message: string };

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseTime(value: string): Date | null {
  const match = ISO_8601.exec(value);
  if (!match) return null;
  // A time without a zone is UTC here, whatever the server's zone.
  const date = new Date(match[1] && !match[4] ? `${value}Z` : value);
  // Date() rolls a day past the month's end over (2026-02-30 is 2 March): refuse it instead.
  const [year, month, day] = value.slice(0, 10).split("-").map(Number);
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return Number.isNaN(date.getTime()) ? null : date;
}

export function isAuditWindowPreset(value: string | null): value is AuditWindowPreset {
  return (AUDIT_WINDOWS as readonly string[]).includes(value ?? "");
}

export function parseAuditWindow(params: URLSearchParams, now: Date): AuditWindowResult {
  const range = params.get("range");
  const fromText = params.get("from");
  const toText = params.get("to");
  if (range !== null && (fromText !== null || toText !== null)) {
    return { ok: false, param: "range", message: "range: give either range or from/to, not both" };
  }
  if (range !== null) {
    if (!isAuditWindowPreset(range))
      return { ok: false, param: "range", message: `range: must be one of ${AUDIT_WINDOWS.join(", ")}` };
    return { ok: true, from: new Date(now.getTime() - RANGE_PRESETS[range]), to: now, preset: range };
  }
  const to = toText === null ? now : parseTime(toText);
  if (!to) return { ok: false, param: "to", message: "to: must be an ISO-8601 time, e.g. 2026-11-21T09:00:00Z" };
  const from = fromText === null ? new Date(to.getTime() - RANGE_PRESETS[DEFAULT_AUDIT_WINDOW]) : parseTime(fromText);
  if (!from) return { ok: false, param: "from", message: "from: must be an ISO-8601 time, e.g. 2026-08-23T09:00:00Z" };
  if (from > to) return { ok: false, param: "from", message: "from: must not be later than to" };
  const preset = fromText === null && toText === null ? DEFAULT_AUDIT_WINDOW : null;
  return { ok: true, from, to, preset };
}
