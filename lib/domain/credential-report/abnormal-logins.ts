// The credential report's AbnormalLoginsNumWithin30Days: a pure rule over one user's console sign-in attempts.
// Every threshold is a named constant here, and ABNORMAL_LOGIN_RULES states the rule in the words the
// credential report page shows, so the page, the tests and the code agree.
//
// Three kinds of abnormal sign-in are counted in the 30 days (30 × 24 h) before the report's `now` (a sign-in
// that is both 1 and 2 counts once):
//  1. New network: a successful sign-in from a network none of the user's earlier successful sign-ins came from.
//     Keytrail has no geo-IP database, so the network (the address's /16 block for IPv4, /48 for IPv6) stands in
//     for "a new location or country". Where an attempt does carry a country, a country never seen in the user's
//     earlier successful sign-ins is abnormal too (one count per sign-in, however many of the two are new).
//     The user's first successful sign-in with a usable address is their baseline and never counts. Sign-ins
//     without a usable source IP are not judged and teach nothing. Earlier successful sign-ins are looked for in
//     the SIGNIN_HISTORY_DAYS before `now` only (the console's default online window), which keeps the query
//     bounded.
//  2. Unusual hour: a successful sign-in when the user has at least USUAL_HOUR_MIN_SIGNINS earlier successful
//     sign-ins and none started within USUAL_HOUR_SPREAD hours (UTC time of day, circular) of it.
//  3. Failed-login burst: FAILED_BURST_COUNT or more failed sign-ins within FAILED_BURST_MINUTES count as one
//     abnormal sign-in. Failures less than FAILED_BURST_MINUTES apart belong to the same run, so a sustained
//     password-guessing run counts once until it pauses for that long; a run counts once if anywhere in it
//     FAILED_BURST_COUNT failures fall within FAILED_BURST_MINUTES.
import { isIPv4 } from "node:net";
import { cleanIp } from "@/lib/domain/normalise/ip";
import { DAY_MS } from "../time";

/** The events the rule reads: eventType ConsoleSignin with one of these names: Alibaba's, Keytrail's own and the
 *  demo's "ConsoleSignin"; AWS CloudTrail's and Tencent CloudAudit's "ConsoleLogin" (a ConsoleSignout shares
 *  the type but not the name). errorCode null is a success. */
export const SIGNIN_EVENT_NAMES = ["ConsoleSignin", "ConsoleLogin"];
/** Sign-ins in the (now − 30 × 24 h, now] window are counted. */
export const ABNORMAL_WINDOW_DAYS = 30;
/** How far back earlier successful sign-ins are looked for (the window included): the default online window. */
export const SIGNIN_HISTORY_DAYS = 180;
/** The network of an IPv4 address: its /16 block. */
export const IPV4_NETWORK_BITS = 16;
/** The network of an IPv6 address: its /48 block (one site's allocation). */
export const IPV6_NETWORK_BITS = 48;
/** Failures within FAILED_BURST_MINUTES that make a burst. */
export const FAILED_BURST_COUNT = 5;
export const FAILED_BURST_MINUTES = 10;
/** Earlier successful sign-ins needed before an hour of the day can be called unusual. */
export const USUAL_HOUR_MIN_SIGNINS = 10;
/** An hour is usual when an earlier successful sign-in started within this many hours of it (UTC, circular). */
export const USUAL_HOUR_SPREAD = 2;

/** The sentences the credential report page shows to explain AbnormalLoginsNumWithin30Days. */
export const ABNORMAL_LOGIN_RULES: string[] = [
  `AbnormalLoginsNumWithin30Days counts the user's abnormal console sign-ins in the ${ABNORMAL_WINDOW_DAYS} days (${ABNORMAL_WINDOW_DAYS} × 24 hours) before the report was generated.`,
  `New network: a successful sign-in from a network that none of the user's earlier successful sign-ins (in the ${SIGNIN_HISTORY_DAYS} days before the report) came from counts once. A network is the source address's /${IPV4_NETWORK_BITS} block for IPv4 and /${IPV6_NETWORK_BITS} block for IPv6: Keytrail has no geo-IP database, so a new network stands in for a new location or country. The user's first successful sign-in is their baseline and does not count; sign-ins without a usable source IP are not judged by network.`,
  `Unusual hour: a successful sign-in counts when the user has at least ${USUAL_HOUR_MIN_SIGNINS} earlier successful sign-ins and none of them started within ${USUAL_HOUR_SPREAD} hours (UTC time of day) of it. A sign-in both from a new network and at an unusual hour counts once.`,
  `Failed-login burst: ${FAILED_BURST_COUNT} or more failed sign-ins within ${FAILED_BURST_MINUTES} minutes count once. Failures less than ${FAILED_BURST_MINUTES} minutes apart belong to the same burst, so a sustained password-guessing run counts once until it pauses for ${FAILED_BURST_MINUTES} minutes.`,
];

export interface SigninAttempt {
  time: Date;
  /** As recorded; anything that is not an IP address is treated as unknown. */
  sourceIp: string | null;
  success: boolean;
  /** ISO country code when a source provides one (none does today: there is no geo-IP database). */
  country?: string | null;
  /** The sign-in event, so a list of abnormal sign-ins can link to it. */
  eventId?: string;
}

export interface AbnormalLogins {
  newNetworkSignins: number;
  unusualHourSignins: number;
  failedBursts: number;
  total: number;
}

/** "a.b.0.0/16" for IPv4, the first 48 bits for IPv6 ("2001:db8:1::/48"), or null when not an IP address. */
export function networkOf(sourceIp: string | null): string | null {
  const ip = cleanIp(sourceIp);
  if (!ip) return null;
  if (isIPv4(ip))
    return `${ip
      .split(".")
      .slice(0, IPV4_NETWORK_BITS / 8)
      .join(".")}.0.0/${IPV4_NETWORK_BITS}`;
  return `${expandIpv6(ip)
    .slice(0, IPV6_NETWORK_BITS / 16)
    .join(":")}::/${IPV6_NETWORK_BITS}`;
}

/** The eight groups of an IPv6 address, without leading zeros ("2001:db8::1" → 2001, db8, 0, …, 1). */
function expandIpv6(ip: string): string[] {
  let text = ip;
  // An embedded IPv4 tail ("::ffff:1.2.3.4" was already mapped by cleanIp; "64:ff9b::1.2.3.4" may remain).
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === null ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16).toString(16));
}

/** Why a sign-in is abnormal. A successful sign-in may be NewNetwork and UnusualHour at once (it counts once);
 *  a FailedBurst entry stands for a run of failures. */
export type AbnormalReason = "NewNetwork" | "UnusualHour" | "FailedBurst";

export interface AbnormalSignin {
  /** The successful sign-in's time, or for a burst the failure that completed it. */
  time: Date;
  sourceIp: string | null;
  eventId?: string;
  reasons: AbnormalReason[];
}

/** The hours of the day (UTC, minute precision) a user's successful sign-ins started at, to tell an unusual
 *  hour: with at least USUAL_HOUR_MIN_SIGNINS sign-ins known, one that starts more than USUAL_HOUR_SPREAD hours
 *  (circularly) from all of them is unusual. A minute-of-day table keeps each check constant-time. */
export class UsualHours {
  /** Minutes of day seen, until there are enough to judge; then a per-minute table (most users never get one). */
  private early: number[] = [];
  private table: Uint32Array | null = null;
  count = 0;

  add(time: Date): void {
    const minute = minuteOfDay(time);
    this.count += 1;
    if (this.table) this.table[minute] += 1;
    else {
      this.early.push(minute);
      if (this.early.length >= USUAL_HOUR_MIN_SIGNINS) {
        this.table = new Uint32Array(MINUTES_PER_DAY);
        for (const m of this.early) this.table[m] += 1;
        this.early = [];
      }
    }
  }

  isUnusual(time: Date): boolean {
    if (!this.table) return false;
    const minute = minuteOfDay(time);
    const spread = USUAL_HOUR_SPREAD * 60;
    for (let d = -spread; d <= spread; d++)
      if (this.table[(minute + d + MINUTES_PER_DAY) % MINUTES_PER_DAY] > 0) return false;
    return true;
  }
}

const MINUTES_PER_DAY = 24 * 60;
const minuteOfDay = (time: Date) => time.getUTCHours() * 60 + time.getUTCMinutes();

/** The abnormal sign-ins among `attempts` (any order) in the window before `now`, oldest first. */
export function abnormalSignins(attempts: readonly SigninAttempt[], now: Date): AbnormalSignin[] {
  const nowMs = now.getTime();
  const windowStart = nowMs - ABNORMAL_WINDOW_DAYS * DAY_MS;
  const historyStart = nowMs - SIGNIN_HISTORY_DAYS * DAY_MS;
  const sorted = attempts
    .filter((a) => a.time.getTime() > historyStart && a.time.getTime() <= nowMs)
    .sort((a, b) => a.time.getTime() - b.time.getTime());
  const found: AbnormalSignin[] = [];
  const entry = (a: SigninAttempt, reasons: AbnormalReason[]): AbnormalSignin => ({
    time: a.time,
    sourceIp: a.sourceIp,
    ...(a.eventId ? { eventId: a.eventId } : {}),
    reasons,
  });

  const networks = new Set<string>();
  const countries = new Set<string>();
  const hours = new UsualHours();
  let baselineTaken = false;
  for (const attempt of sorted) {
    if (!attempt.success) continue;
    const inWindow = attempt.time.getTime() > windowStart;
    const reasons: AbnormalReason[] = [];
    const network = networkOf(attempt.sourceIp);
    if (network) {
      const country = attempt.country || null;
      const isNew = !networks.has(network) || (country !== null && countries.size > 0 && !countries.has(country));
      if (isNew && baselineTaken) reasons.push("NewNetwork");
      baselineTaken = true;
      networks.add(network);
      if (country) countries.add(country);
    }
    if (hours.isUnusual(attempt.time)) reasons.push("UnusualHour");
    hours.add(attempt.time);
    if (inWindow && reasons.length > 0) found.push(entry(attempt, reasons));
  }

  const failures = sorted.filter((a) => !a.success && a.time.getTime() > windowStart);
  const burstSpan = FAILED_BURST_MINUTES * 60_000;
  let runStart = 0;
  for (let i = 1; i <= failures.length; i++) {
    // A run ends at a pause of FAILED_BURST_MINUTES or more (or at the last failure).
    if (i < failures.length && failures[i].time.getTime() - failures[i - 1].time.getTime() < burstSpan) continue;
    const completing = burstEnd(failures, runStart, i, burstSpan);
    if (completing !== null) found.push(entry(failures[completing], ["FailedBurst"]));
    runStart = i;
  }
  return found.sort((a, b) => a.time.getTime() - b.time.getTime());
}

/** AbnormalLoginsNumWithin30Days and its parts: every abnormal sign-in counts once. */
export function abnormalLogins(attempts: readonly SigninAttempt[], now: Date): AbnormalLogins {
  const found = abnormalSignins(attempts, now);
  const having = (reason: AbnormalReason) => found.filter((f) => f.reasons.includes(reason)).length;
  return {
    newNetworkSignins: having("NewNetwork"),
    unusualHourSignins: having("UnusualHour"),
    failedBursts: having("FailedBurst"),
    total: found.length,
  };
}

/** The index of the failure that completes the first burst (FAILED_BURST_COUNT failures within `span`,
 *  inclusive) among the sorted failures in [from, to), or null when there is none. */
function burstEnd(failures: readonly SigninAttempt[], from: number, to: number, span: number): number | null {
  for (let i = from; i + FAILED_BURST_COUNT - 1 < to; i++) {
    const last = i + FAILED_BURST_COUNT - 1;
    if (failures[last].time.getTime() - failures[i].time.getTime() <= span) return last;
  }
  return null;
}
