// One page of a cloud's event look-up API, as the poller (./poll-api.ts) asks for it: a time window, a page
// token, a page size; and what comes back: the raw records and the next page's token. Each cloud's module turns
// its SDK's faults into a ConnectionError (or one of the two faults below, which the poller handles itself).
import type { RecordContainer } from "@/lib/domain/normalise/detect";
import type { ReceivedRecord } from "../store-records";

export interface PageRequest {
  start: Date;
  end: Date;
  nextToken?: string;
  /** Where the page sits, for the records' problem sources: "window 2026-12-08T09:45Z, page 3". */
  label: string;
  signal?: AbortSignal;
}

export interface LookupPage {
  records: ReceivedRecord[];
  /** Absent on the window's last page. */
  nextToken?: string;
}

export interface Lookup {
  /** The endpoint requests go to (checked before each run). */
  endpoint: string;
  /** How storeRecords should read the records (as the file import names where they sat). */
  container: RecordContainer;
  page(request: PageRequest): Promise<LookupPage>;
}

/** The look-up APIs return at most 50 events a page. */
export const MAX_RESULTS = 50;

/** The API no longer accepts a stored page token (they expire): read the window again from its first page. */
export class PageTokenExpired extends Error {
  constructor(message = "the page token expired") {
    super(message);
    this.name = "PageTokenExpired";
  }
}

/** A network-level error's code (ECONNREFUSED, ENOTFOUND…), wherever the client library put it. */
export function networkCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined; e && !seen.has(e);) {
    seen.add(e);
    if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) return e.code;
    const inMessage =
      typeof e.message === "string"
        ? /\b(E(?:CONNREFUSED|NOTFOUND|AI_AGAIN|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE))\b/.exec(e.message)
        : null;
    if (inMessage) return inMessage[1];
    e = e.cause as typeof e;
  }
  return null;
}

/** Can't reach the host at all (the name or the port): unreachable; a dropped connection mid-answer is retried. */
export const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
