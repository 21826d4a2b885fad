// "Backfill from <date>": a day (2026-11-01, from its start in UTC) or an ISO date-time with its offset.

export type ParsedFrom = { ok: true; from: Date } | { ok: false; error: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseBackfillFrom(value: unknown): ParsedFrom {
  if (typeof value !== "string" || !value.trim())
    return { ok: false, error: "from: required, a date such as 2026-11-01" };
  const text = value.trim();
  if (!DAY.test(text) && !DATE_TIME.test(text))
    return { ok: false, error: "from: a date such as 2026-11-01, or a date-time such as 2026-11-01T08:00:00Z" };
  const from = new Date(DAY.test(text) ? `${text}T00:00:00Z` : text);
  // new Date() rolls 2026-02-30 over to March: a date that does not read back the same is not a date.
  if (Number.isNaN(from.getTime()) || (from.toISOString().slice(0, 10) !== text.slice(0, 10) && DAY.test(text)))
    return { ok: false, error: `from: ${text} is not a date` };
  return { ok: true, from };
}
