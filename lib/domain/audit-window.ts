// The AccessKey audit's time window: a preset (the page's selector) or explicit ISO-8601 `from` / `to` (the
// API), default the last 90 days. A bad value is an error naming its parameter; `now` is passed in.
import { z } from "zod";
import { RANGE_PRESETS } from "./event-filter";
import {
  invalid,
  isOneOf,
  param,
  parseSearchParams,
  rule,
  type Invalid,
  type SearchParamsResult,
} from "./search-params";

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

export interface AuditWindow {
  from: Date;
  to: Date;
  preset: AuditWindowPreset | null;
}
export type AuditWindowResult = SearchParamsResult<AuditWindow>;

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
  return isOneOf(AUDIT_WINDOWS, value ?? "");
}

/** The window's parameters (range, or from/to), as the API reads them. */
// The object schemas are built once (zod compiles one on its first use); only the rule that needs `now` is per call.
const windowFields = z.object({ range: param.first(), from: param.first(), to: param.first() });

export function auditWindowParams(now: Date) {
  return windowFields.transform(
    rule(({ range, from: fromText, to: toText }): AuditWindow | Invalid => {
      if (range !== null && (fromText !== null || toText !== null))
        return invalid("give either range or from/to, not both", "range");
      if (range !== null) {
        if (!isAuditWindowPreset(range)) return invalid(`must be one of ${AUDIT_WINDOWS.join(", ")}`, "range");
        return { from: new Date(now.getTime() - RANGE_PRESETS[range]), to: now, preset: range };
      }
      const to = toText === null ? now : parseTime(toText);
      if (!to) return invalid("must be an ISO-8601 time, e.g. 2026-11-21T09:00:00Z", "to");
      const from =
        fromText === null ? new Date(to.getTime() - RANGE_PRESETS[DEFAULT_AUDIT_WINDOW]) : parseTime(fromText);
      if (!from) return invalid("must be an ISO-8601 time, e.g. 2026-08-23T09:00:00Z", "from");
      if (from > to) return invalid("must not be later than to", "from");
      const preset = fromText === null && toText === null ? DEFAULT_AUDIT_WINDOW : null;
      return { from, to, preset };
    }),
  );
}

export function parseAuditWindow(params: URLSearchParams, now: Date): AuditWindowResult {
  return parseSearchParams(auditWindowParams(now), params);
}

const positive = (fallback: number, max: number) =>
  param.first().transform(
    rule((text: string | null) => {
      if (text === null) return fallback;
      const n = Number(text);
      return !Number.isInteger(n) || n < 1 || n > max ? invalid(`must be a whole number from 1 to ${max}`) : n;
    }),
  );

export const AUDIT_LIST_PAGE_LIMIT = { default: 100, max: 1000 } as const;
/** The API's parameters: the window, and for a service's list also its page and page size. */
export const AUDIT_API_PARAMS = { key: ["from", "to"], list: ["from", "to", "page", "limit"] } as const;

/** The API's parameters: the window first, then page and limit (which a key's audit ignores). */
const pageFields = z.object({
  page: positive(1, 1_000_000),
  limit: positive(AUDIT_LIST_PAGE_LIMIT.default, AUDIT_LIST_PAGE_LIMIT.max),
});

export function auditApiParams(now: Date) {
  return z.intersection(auditWindowParams(now), pageFields);
}

/** The audit page's preset selector: one of AUDIT_WINDOWS, default 90 days, ending now. */
const presetFields = z.object({ range: param.first() });

export function auditPresetParams(now: Date) {
  return presetFields.transform(
    rule(({ range }): { range: AuditWindow } | Invalid => {
      const preset = range ?? DEFAULT_AUDIT_WINDOW;
      if (!isAuditWindowPreset(preset)) return invalid(`must be one of ${AUDIT_WINDOWS.join(", ")}`, "range");
      return { range: { from: new Date(now.getTime() - RANGE_PRESETS[preset]), to: now, preset } };
    }),
  );
}

/** The audit page's view: which key, service, list and page, and the event whose details are open. */
export const auditPageParams = z.object({
  key: param.first().transform((key) => key?.trim() ?? ""),
  service: param.first(),
  list: param.first(),
  page: param.first().transform((text) => {
    const page = Number(text ?? "1");
    return Number.isInteger(page) && page > 0 ? page : 1;
  }),
  event: param.first(),
});
