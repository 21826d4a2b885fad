// The operation-records filter: parsed from URL parameters, the same for the explorer page, the query API and
// exports. Several values in one field (repeated, or comma-separated) mean OR; fields combine with AND.
// A bad value is an error that names its parameter; `now` is passed in.
import { EVENT_TYPES, type EventType } from "./event";
import { parseIpFilter, type IpMatch } from "./cidr";
import { decodeCursor, type KeysetCursor } from "./keyset-cursor";

export const RANGE_PRESETS = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
  "180d": 180 * 86_400_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = "7d";
export const PAGE_SIZES = [25, 50, 100, 200] as const;

const LIST_PARAMS = [
  "userName",
  "principalType",
  "eventName",
  "service",
  "errorCode",
  "accessKeyId",
  "sourceIp",
  "region",
  "resourceType",
  "resourceName",
  "requestId",
  "eventId",
  "accountId",
  "eventType",
] as const;
type ListParam = (typeof LIST_PARAMS)[number];
const SINGLE_PARAMS = [
  "from",
  "to",
  "range",
  "readOnly",
  "result",
  "sensitive",
  "q",
  "order",
  "limit",
  "cursor",
] as const;
/** The explorer's own view state, carried in the same URL but not part of the filter. */
export const VIEW_PARAMS = ["event", "utc", "columns"] as const;

export interface EventFilter extends Record<Exclude<ListParam, "sourceIp" | "eventType">, string[]> {
  from: Date;
  to: Date;
  range: RangePreset | "custom";
  eventType: EventType[];
  sourceIp: IpMatch[];
  readOnly: boolean | null;
  result: "success" | "failed" | null;
  sensitive: boolean;
  q: string | null;
  order: "desc" | "asc";
  limit: number;
  cursor: KeysetCursor | null;
}

export type FilterParseResult = { ok: true; filter: EventFilter } | { ok: false; param: string; message: string };

export interface ParseOptions {
  now: Date;
  /** Page sizes allowed: the explorer offers 25/50/100/200, the API any number up to 1,000. */
  maxLimit?: number;
  defaultLimit?: number;
  /** The page ignores parameters it does not know; the API refuses them. */
  allowUnknown?: boolean;
}

const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 256;

export function parseEventFilter(params: URLSearchParams, options: ParseOptions): FilterParseResult {
  const known = new Set<string>([...LIST_PARAMS, ...SINGLE_PARAMS, ...VIEW_PARAMS]);
  if (!options.allowUnknown) {
    for (const key of params.keys()) if (!known.has(key)) return fail(key, "unknown parameter");
  }
  const single = (name: string): string | null => {
    const values = params
      .getAll(name)
      .map((v) => v.trim())
      .filter(Boolean);
    return values.length ? values[values.length - 1] : null;
  };
  const lists = {} as Record<ListParam, string[]>;
  for (const name of LIST_PARAMS) {
    const values = [
      ...new Set(
        params
          .getAll(name)
          .flatMap((v) => v.split(","))
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ];
    if (values.length > MAX_VALUES) return fail(name, `at most ${MAX_VALUES} values`);
    if (values.some((v) => v.length > MAX_VALUE_LENGTH))
      return fail(name, `values are at most ${MAX_VALUE_LENGTH} characters`);
    lists[name] = values;
  }

  const eventType: EventType[] = [];
  for (const value of lists.eventType) {
    const match = EVENT_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
    if (!match) return fail("eventType", `"${value}" is not one of ${EVENT_TYPES.join(", ")}`);
    eventType.push(match);
  }
  const sourceIp: IpMatch[] = [];
  for (const value of lists.sourceIp) {
    const match = parseIpFilter(value);
    if ("error" in match) return fail("sourceIp", match.error);
    sourceIp.push(match);
  }

  const time = parseTimeRange(single("range"), single("from"), single("to"), options.now);
  if ("param" in time) return time;
  const readOnly = parseBoolean(single("readOnly"));
  if (readOnly === "invalid") return fail("readOnly", "must be true or false");
  const sensitive = parseBoolean(single("sensitive"));
  if (sensitive === "invalid") return fail("sensitive", "must be true or false");
  const result = single("result");
  if (result && result !== "success" && result !== "failed") return fail("result", "must be success or failed");
  const order = single("order") ?? "desc";
  if (order !== "desc" && order !== "asc") return fail("order", "must be desc or asc");
  const maxLimit = options.maxLimit ?? 200;
  const limitText = single("limit");
  const limit = limitText === null ? (options.defaultLimit ?? 50) : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    return fail("limit", `must be a whole number from 1 to ${maxLimit}`);
  const cursorText = single("cursor");
  const cursor = cursorText ? decodeCursor(cursorText) : null;
  if (cursorText && !cursor) return fail("cursor", "is not a valid cursor");
  const q = single("q");
  if (q && q.length > MAX_VALUE_LENGTH) return fail("q", `is at most ${MAX_VALUE_LENGTH} characters`);

  return {
    ok: true,
    filter: {
      ...lists,
      ...time,
      eventType,
      sourceIp,
      readOnly,
      result: result as EventFilter["result"],
      sensitive: sensitive === true,
      q,
      order,
      limit,
      cursor,
    },
  };
}

function fail(param: string, message: string): FilterParseResult {
  return { ok: false, param, message: `${param}: ${message}` };
}

function parseBoolean(value: string | null): boolean | null | "invalid" {
  if (value === null) return null;
  if (value === "true") return true;
  if (value === "false") return false;
  return "invalid";
}

function parseTimeRange(
  range: string | null,
  fromText: string | null,
  toText: string | null,
  now: Date,
): { from: Date; to: Date; range: RangePreset | "custom" } | { ok: false; param: string; message: string } {
  // An explicit preset wins over leftover dates; dates alone (as scripts send them) mean a custom range.
  if (range === "custom" || (range === null && (fromText || toText))) {
    const from = fromText ? parseDate(fromText) : new Date(now.getTime() - RANGE_PRESETS[DEFAULT_RANGE]);
    const to = toText ? parseDate(toText) : now;
    if (!from) return { ok: false, param: "from", message: "from: must be an ISO-8601 date-time" };
    if (!to) return { ok: false, param: "to", message: "to: must be an ISO-8601 date-time" };
    if (from > to) return { ok: false, param: "from", message: "from: must not be after to" };
    return { from, to, range: "custom" };
  }
  const preset = (range ?? DEFAULT_RANGE) as RangePreset;
  // Own keys only: `in` would also find Object.prototype's (range=toString), whose "duration" is a function.
  if (!Object.hasOwn(RANGE_PRESETS, preset)) {
    return {
      ok: false,
      param: "range",
      message: `range: must be one of ${Object.keys(RANGE_PRESETS).join(", ")} or custom`,
    };
  }
  return { from: new Date(now.getTime() - RANGE_PRESETS[preset]), to: now, range: preset };
}

/** ISO-8601 with a zone ("2026-11-21T10:00:00Z", "+08:00"), or a bare date-time from a form, taken as UTC. */
function parseDate(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:\d{2})?$/.test(text)) return null;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(text) || !text.includes("T") ? text : `${text}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? null : date;
}
