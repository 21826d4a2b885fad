// The event look-up API poller: reads a cloud's LookupEvents pages for the window its position says
// (lib/domain/connections/api-window.ts), at the API's documented rate, storing each page (storeRecords, idempotent
// on eventId) and then committing the position after it (commitProgress): a run stopped anywhere re-reads at most
// one page. Throttling and a page that fails are retried a few times with growing pauses; then the run stops with
// a ConnectionError and everything committed so far stays.
import {
  backfillPlan,
  backfillPositionAfter,
  backfillToken,
  backfillWindowIndex,
  livePlan,
  livePositionAfter,
  parseBackfillPosition,
  parseLivePosition,
  type TimeWindow,
} from "@/lib/domain/connections/api-window";
import { LOOKUP_RATES, TokenBucket } from "@/lib/domain/connections/rate-limit";
import type { ApiCloud, ApiSettings } from "@/lib/domain/connections/settings";
import type { Database } from "@/lib/db/client";
import { ConnectionError, asConnectionError } from "../connection-error";
import { EMPTY_REPORT, type Connector, type LoadedConnection, type RunOptions, type RunReport } from "../connector";
import { checkEndpoint } from "../endpoint-check";
import { commitProgress, type ProgressStep } from "../progress";
import { storeRecords } from "../store-records";
import { alibabaLookup } from "./alibaba-lookup";
import { awsLookup } from "./aws-lookup";
import { PageTokenExpired, type Lookup, type LookupPage } from "./lookup";
import { tencentLookup } from "./tencent-lookup";

const LOOKUPS: Record<ApiCloud, (settings: ApiSettings, secret: string) => Lookup> = {
  aws: awsLookup,
  alibaba: alibabaLookup,
  tencent: tencentLookup,
};

/**
 * Attempts per page, and the first pause between them (doubling), on top of the API's pace: a run gives up
 * within a couple of seconds and the runner tries the connection again later, with its own longer back-off.
 */
export const PAGE_ATTEMPTS = 4;
const FIRST_PAUSE_MS = 100;

// One bucket per connection, kept across runs in this process: the API's rate applies to the account, not a run.
const buckets = new Map<number, TokenBucket>();
function bucketFor(connectionId: number, cloud: ApiCloud): TokenBucket {
  let bucket = buckets.get(connectionId);
  if (!bucket || bucket.perSecond !== LOOKUP_RATES[cloud]) {
    bucket = new TokenBucket(LOOKUP_RATES[cloud]);
    buckets.set(connectionId, bucket);
  }
  return bucket;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const pollApi: Connector<ApiSettings> = async (database, connection, mode, options = {}) => {
  const secret = connection.secrets.secretAccessKey;
  if (!secret) throw new ConnectionError("credentials", "no secret is stored for this key: enter it again");
  const lookup = LOOKUPS[connection.settings.cloud](connection.settings, secret);
  await checkEndpoint(lookup.endpoint);
  const reader = new PageReader(database, connection, lookup, options);
  return mode === "live" ? reader.live() : reader.backfill();
};

class PageReader {
  readonly report: RunReport = { ...EMPTY_REPORT, caughtUp: false };
  private readonly now: Date;
  private readonly deadline: number;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly database: Database,
    private readonly connection: LoadedConnection<ApiSettings>,
    private readonly lookup: Lookup,
    private readonly options: RunOptions,
  ) {
    this.now = options.now ?? new Date();
    this.deadline = Date.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
    this.bucket = bucketFor(connection.id, connection.settings.cloud);
  }

  /** Out of time (or asked to stop): the run ends after the page it committed last. */
  private stopping(): boolean {
    return Date.now() >= this.deadline || Boolean(this.options.signal?.aborted);
  }

  async live(): Promise<RunReport> {
    let position = parseLivePosition(this.connection.position);
    const plan = livePlan(position, this.now, this.connection.settings.overlapMinutes);
    let token = plan.nextToken;
    for (let page = 1; ; page++) {
      if (page > 1 && this.stopping()) {
        this.report.waiting = 1;
        return this.report;
      }
      const read = await this.readPage(
        plan.window,
        token,
        `live window from ${plan.window.start.toISOString()}, page ${page}`,
      );
      if (read === "restart") {
        token = undefined;
        continue;
      }
      position = livePositionAfter(position, plan.window, read.nextToken);
      await this.store(read, { mode: "live", position: { ...position } });
      if (!read.nextToken) {
        this.report.caughtUp = true;
        return this.report;
      }
      token = read.nextToken;
    }
  }

  async backfill(): Promise<RunReport> {
    const state = this.connection.backfill;
    if (!state || state.state !== "running") return { ...EMPTY_REPORT };
    const stored = parseBackfillPosition(state.position);
    const liveSince = parseLivePosition(this.connection.position).since;
    const to = state.to ? new Date(state.to) : liveSince ? new Date(liveSince) : this.now;
    const plan = backfillPlan(new Date(state.from), to, this.now);
    const found = plan.windows.length;
    let index = backfillWindowIndex(plan, stored);
    let token = backfillToken(plan, index, stored);
    let notice = !stored.windowStart && plan.notice ? plan.notice : undefined;
    if (index >= found) {
      await commitProgress(this.database, this.connection.id, {
        mode: "backfill",
        position: { ...stored },
        ...(notice ? { problems: [{ source: "backfill", reason: notice }] } : {}),
        backfill: { state: "done", done: found, found, finishedAt: this.now.toISOString() },
      });
      this.report.caughtUp = true;
      return this.report;
    }
    for (let page = 1; ; page++) {
      if (page > 1 && this.stopping()) {
        this.report.waiting = found - index;
        return this.report;
      }
      const window = plan.windows[index];
      const read = await this.readPage(
        window,
        token,
        `backfill window from ${window.start.toISOString()}, page ${page}`,
      );
      if (read === "restart") {
        token = undefined;
        continue;
      }
      const position = backfillPositionAfter(plan, index, read.nextToken);
      const last = !read.nextToken && index === found - 1;
      const done = read.nextToken ? index : index + 1;
      await this.store(read, {
        mode: "backfill",
        position: { ...position },
        backfill: last
          ? { state: "done", done, found, finishedAt: new Date().toISOString() }
          : { state: "running", done, found },
        ...(notice ? { problems: [{ source: "backfill", reason: notice }] } : {}),
      });
      notice = undefined;
      if (last) {
        this.report.caughtUp = true;
        return this.report;
      }
      if (!read.nextToken) index++;
      token = read.nextToken;
    }
  }

  /** Stores a page's records, then commits the position after it with what storing found. */
  private async store(page: LookupPage, step: ProgressStep): Promise<void> {
    const stored = await storeRecords(this.database, page.records, this.lookup.container);
    await commitProgress(this.database, this.connection.id, {
      ...step,
      imported: stored.imported,
      duplicates: stored.duplicates,
      rejected: stored.rejected,
      pagesRead: 1,
      newestEventTime: stored.newestEventTime,
      problems: [...(step.problems ?? []), ...stored.problems],
    });
    this.report.imported += stored.imported;
    this.report.duplicates += stored.duplicates;
    this.report.rejected += stored.rejected;
    this.report.pagesRead += 1;
  }

  /**
   * One page, at the API's rate, tried up to PAGE_ATTEMPTS times while the fault is worth retrying. "restart"
   * when the API no longer knows the page token (the window is read again from its first page, once).
   */
  private async readPage(
    window: TimeWindow,
    nextToken: string | undefined,
    label: string,
  ): Promise<LookupPage | "restart"> {
    for (let attempt = 1; ; attempt++) {
      await this.bucket.take();
      try {
        return await this.lookup.page({ ...window, nextToken, label, signal: this.options.signal });
      } catch (error) {
        if (error instanceof PageTokenExpired && nextToken) return "restart";
        const fault = asConnectionError(error);
        const pause = FIRST_PAUSE_MS * 2 ** (attempt - 1);
        if (!fault.retryable || attempt >= PAGE_ATTEMPTS || Date.now() + pause > this.deadline) throw fault;
        await sleep(pause);
      }
    }
  }
}
