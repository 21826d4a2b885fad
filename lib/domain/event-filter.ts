// The operation-records filter: parsed from URL parameters, the same for the explorer page, the query API and
// exports. Several values in one field (repeated, or comma-separated) mean OR; fields combine with AND.
// Declared once as a schema (./search-params.ts); a bad value is an error naming its parameter; `now` is passed in.
import { EVENT_TYPES, type EventType } from "./event";
import { parseIpFilter, type IpMatch } from "./cidr";
import { decodeCursor, type KeysetCursor } from "./keyset-cursor";
import { invalid, param, parseSearchParams, rule, type Invalid, type SearchParamsResult } from "./search-params";
import { z } from "zod";

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

export type FilterParseResult = SearchParamsResult<EventFilter>;

export interface ParseOptions {
  now: Date;
  /** Page sizes allowed: the explorer offers 25/50/100/200, the API any number up to 1,000. */
  maxLimit?: number;
  defaultLimit?: number;
  /** The page ignores parameters it does not know; the API refuses them. */
  allowUnknown?: boolean;
}

/** Every parameter the filter reads; the API refuses any other (the page's view parameters included). */
export const EVENT_FILTER_PARAMS: readonly string[] = [...LIST_PARAMS, ...SINGLE_PARAMS];

const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 256;

const listOf = () =>
  param
    .list()
    .transform(
      rule((values: string[]) =>
        values.length > MAX_VALUES
          ? invalid(`at most ${MAX_VALUES} values`)
          : values.some((v) => v.length > MAX_VALUE_LENGTH)
            ? invalid(`values are at most ${MAX_VALUE_LENGTH} characters`)
            : values,
      ),
    );

const booleanParam = () =>
  param.last().transform(
    rule((value: string | null) => {
      const parsed = parseBoolean(value);
      return parsed === "invalid" ? invalid("must be true or false") : parsed;
    }),
  );

/** The filter's parameters, one schema for the explorer page, the query and export APIs. */
export function eventFilterParams(options: ParseOptions) {
  return eventFilterFields(options.maxLimit ?? 200, options.defaultLimit ?? 50).transform(
    rule(({ range, from, to, ...rest }): EventFilter | Invalid => {
      const time = parseTimeRange(range, from, to, options.now);
      return isTimeRange(time) ? { ...rest, ...time } : time;
    }),
  );
}

// Built once per page-size rule, not per request: zod compiles an object schema on its first use, which costs
// far more than a parse.
const fieldSchemas = new Map<string, ReturnType<typeof buildEventFilterFields>>();
function eventFilterFields(maxLimit: number, defaultLimit: number) {
  const key = `${maxLimit}/${defaultLimit}`;
  let schema = fieldSchemas.get(key);
  if (!schema) fieldSchemas.set(key, (schema = buildEventFilterFields(maxLimit, defaultLimit)));
  return schema;
}

function buildEventFilterFields(maxLimit: number, defaultLimit: number) {
  const lists = Object.fromEntries(LIST_PARAMS.map((name) => [name, listOf()])) as {
    [K in Exclude<ListParam, "eventType" | "sourceIp">]: ReturnType<typeof listOf>;
  };
  return z.object({
    ...lists,
    sourceIp: listOf().transform(
      rule((values: string[]) => {
        const matches: IpMatch[] = [];
        for (const value of values) {
          const match = parseIpFilter(value);
          if ("error" in match) return invalid(match.error);
          matches.push(match);
        }
        return matches;
      }),
    ),
    eventType: listOf().transform(
      rule((values: string[]) => {
        const types: EventType[] = [];
        for (const value of values) {
          const match = EVENT_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
          if (!match) return invalid(`"${value}" is not one of ${EVENT_TYPES.join(", ")}`);
          types.push(match);
        }
        return types;
      }),
    ),
    range: param.last(),
    from: param.last(),
    to: param.last(),
    readOnly: booleanParam(),
    sensitive: booleanParam().transform((value) => value === true),
    result: param
      .last()
      .transform(
        rule((value: string | null) =>
          value === null || value === "success" || value === "failed" ? value : invalid("must be success or failed"),
        ),
      ),
    order: param
      .last()
      .transform(
        rule((value: string | null) =>
          value === null || value === "desc" || value === "asc" ? (value ?? "desc") : invalid("must be desc or asc"),
        ),
      ),
    limit: param.last().transform(
      rule((text: string | null) => {
        const limit = text === null ? defaultLimit : Number(text);
        return !Number.isInteger(limit) || limit < 1 || limit > maxLimit
          ? invalid(`must be a whole number from 1 to ${maxLimit}`)
          : limit;
      }),
    ),
    cursor: param.last().transform(
      rule((text: string | null) => {
        const cursor = text ? decodeCursor(text) : null;
        return text && !cursor ? invalid("is not a valid cursor") : cursor;
      }),
    ),
    q: param
      .last()
      .transform(
        rule((q: string | null) =>
          q && q.length > MAX_VALUE_LENGTH ? invalid(`is at most ${MAX_VALUE_LENGTH} characters`) : q,
        ),
      ),
  });
}

/** The explorer's view state: the event whose details are open, and times in UTC. */
export const explorerViewParams = z.object({
  event: param.first(),
  utc: param.first().transform((text) => text === "1"),
});

/** The filter from URL parameters: the page ignores unknown ones (allowUnknown), the API refuses them. */
export function parseEventFilter(params: URLSearchParams, options: ParseOptions): FilterParseResult {
  return parseSearchParams(eventFilterParams(options), params, {
    allow: options.allowUnknown ? undefined : [...EVENT_FILTER_PARAMS, ...VIEW_PARAMS],
  });
}

function parseBoolean(value: string | null): boolean | null | "invalid" {
  if (value === null) return null;
  if (value === "true") return true;
  if (value === "false") return false;
  return "invalid";
}

type TimeRange = { from: Date; to: Date; range: RangePreset | "custom" };
const isTimeRange = (value: TimeRange | Invalid): value is TimeRange => value instanceof Object && "to" in value;

function parseTimeRange(
  range: string | null,
  fromText: string | null,
  toText: string | null,
  now: Date,
): TimeRange | Invalid {
  // An explicit preset wins over leftover dates; dates alone (as scripts send them) mean a custom range.
  if (range === "custom" || (range === null && (fromText || toText))) {
    const from = fromText ? parseDate(fromText) : new Date(now.getTime() - RANGE_PRESETS[DEFAULT_RANGE]);
    const to = toText ? parseDate(toText) : now;
    if (!from) return invalid("must be an ISO-8601 date-time", "from");
    if (!to) return invalid("must be an ISO-8601 date-time", "to");
    if (from > to) return invalid("must not be after to", "from");
    return { from, to, range: "custom" };
  }
  const preset = (range ?? DEFAULT_RANGE) as RangePreset;
  // Own keys only: `in` would also find Object.prototype's (range=toString), whose "duration" is a function.
  if (!Object.hasOwn(RANGE_PRESETS, preset)) {
    return invalid(`must be one of ${Object.keys(RANGE_PRESETS).join(", ")} or custom`, "range");
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
