// The credential report's AbnormalLoginsNumWithin30Days: a pure rule over one user's console sign-in attempts.
// Every threshold is a named constant here, and ABNORMAL_LOGIN_RULES states the rule in the words the
// credential report page shows, so the page, the tests and the code agree.
//
// Two kinds of abnormal sign-in are counted in the 30 days (30 × 24 h) before the report's `now`:
//  1. New network: a successful sign-in from a network none of the user's earlier successful sign-ins came from.
//     Keytrail has no geo-IP database, so the network (the address's /16 block for IPv4, /48 for IPv6) stands in
//     for "a new location or country". Where an attempt does carry a country, a country never seen in the user's
//     earlier successful sign-ins is abnormal too (one count per sign-in, however many of the two are new).
//     The user's first successful sign-in with a usable address is their baseline and never counts. Sign-ins
//     without a usable source IP are not judged and teach nothing. Earlier successful sign-ins are looked for in
//     the SIGNIN_HISTORY_DAYS before `now` only (the console's default online window), which keeps the query
//     bounded.
//  2. Failed-login burst: FAILED_BURST_COUNT or more failed sign-ins within FAILED_BURST_MINUTES count as one
//     abnormal sign-in. Failures less than FAILED_BURST_MINUTES apart belong to the same run, so a sustained
//     password-guessing run counts once until it pauses for that long; a run counts once if anywhere in it
//     FAILED_BURST_COUNT failures fall within FAILED_BURST_MINUTES.
import { isIPv4 } from "node:net";
import { cleanIp } from "@/lib/domain/normalise/ip";

export const DAY_MS = 86_400_000;
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

/** The sentences the credential report page shows to explain AbnormalLoginsNumWithin30Days. */
export const ABNORMAL_LOGIN_RULES: string[] = [
  `AbnormalLoginsNumWithin30Days counts the user's abnormal console sign-ins in the ${ABNORMAL_WINDOW_DAYS} days (${ABNORMAL_WINDOW_DAYS} × 24 hours) before the report was generated.`,
  `New network: a successful sign-in from a network that none of the user's earlier successful sign-ins (in the ${SIGNIN_HISTORY_DAYS} days before the report) came from counts once. A network is the source address's /${IPV4_NETWORK_BITS} block for IPv4 and /${IPV6_NETWORK_BITS} block for IPv6: Keytrail has no geo-IP database, so a new network stands in for a new location or country. The user's first successful sign-in is their baseline and does not count; sign-ins without a usable source IP are not judged.`,
  `Failed-login burst: ${FAILED_BURST_COUNT} or more failed sign-ins within ${FAILED_BURST_MINUTES} minutes count once. Failures less than ${FAILED_BURST_MINUTES} minutes apart belong to the same burst, so a sustained password-guessing run counts once until it pauses for ${FAILED_BURST_MINUTES} minutes.`,
];

export interface SigninAttempt {
  time: Date;
  /** As recorded; anything that is not an IP address is treated as unknown. */
  sourceIp: string | null;
  success: boolean;
  /** ISO country code when a source provides one (none does today: there is no geo-IP database). */
  country?: string | null;
}

export interface AbnormalLogins {
  newNetworkSignins: number;
  failedBursts: number;
  total: number;
}

/** "a.b.0.0/16" for IPv4, the first 48 bits for IPv6 ("2001:db8:1::/48"), or null when not an IP address. */
export function networkOf(sourceIp: string | null): string | null {
  const ip = cleanIp(sourceIp);
  if (!ip) return null;
  if (isIPv4(ip)) return `${ip.split(".").slice(0, IPV4_NETWORK_BITS / 8).join(".")}.0.0/${IPV4_NETWORK_BITS}`;
  return `${expandIpv6(ip).slice(0, IPV6_NETWORK_BITS / 16).join(":")}::/${IPV6_NETWORK_BITS}`;
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

/** The abnormal sign-ins among `attempts` (any order) in the window before `now`. */
export function abnormalLogins(attempts: readonly SigninAttempt[], now: Date): AbnormalLogins {
  const nowMs = now.getTime();
  const windowStart = nowMs - ABNORMAL_WINDOW_DAYS * DAY_MS;
  const historyStart = nowMs - SIGNIN_HISTORY_DAYS * DAY_MS;
  const sorted = attempts
    .filter((a) => a.time.getTime() > historyStart && a.time.getTime() <= nowMs)
    .sort((a, b) => a.time.getTime() - b.time.getTime());

  let newNetworkSignins = 0;
  const networks = new Set<string>();
  const countries = new Set<string>();
  let baselineTaken = false;
  for (const attempt of sorted) {
    if (!attempt.success) continue;
    const network = networkOf(attempt.sourceIp);
    if (!network) continue;
    const country = attempt.country || null;
    const isNew = !networks.has(network) || (country !== null && countries.size > 0 && !countries.has(country));
    if (isNew && baselineTaken && attempt.time.getTime() > windowStart) newNetworkSignins += 1;
    baselineTaken = true;
    networks.add(network);
    if (country) countries.add(country);
  }

  const failures = sorted.filter((a) => !a.success && a.time.getTime() > windowStart).map((a) => a.time.getTime());
  const burstSpan = FAILED_BURST_MINUTES * 60_000;
  let failedBursts = 0;
  let runStart = 0;
  for (let i = 1; i <= failures.length; i++) {
    // A run ends at a pause of FAILED_BURST_MINUTES or more (or at the last failure).
    if (i < failures.length && failures[i] - failures[i - 1] < burstSpan) continue;
    if (hasBurst(failures, runStart, i, burstSpan)) failedBursts += 1;
    runStart = i;
  }
  return { newNetworkSignins, failedBursts, total: newNetworkSignins + failedBursts };
}

/** Whether FAILED_BURST_COUNT of the sorted times in [from, to) fall within `span` (inclusive). */
function hasBurst(times: number[], from: number, to: number, span: number): boolean {
  for (let i = from; i + FAILED_BURST_COUNT - 1 < to; i++) {
    if (times[i + FAILED_BURST_COUNT - 1] - times[i] <= span) return true;
  }
  return false;
}
