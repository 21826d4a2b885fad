// Abnormal sign-in flags, decided when a sign-in succeeds and stored on its ConsoleSignin event
// (responseElements.abnormal). The network and burst criteria are the credential report's rule
// (lib/domain/credential-report/abnormal-logins.ts), applied to this one sign-in; the hour criterion is added here.
import {
  FAILED_BURST_COUNT, FAILED_BURST_MINUTES, networkOf, SIGNIN_HISTORY_DAYS, DAY_MS, type SigninAttempt,
} from "@/lib/domain/credential-report/abnormal-logins";

export type AbnormalReason = "NewNetwork" | "FailedBurst" | "UnusualHour";

/** Earlier successful sign-ins needed before an hour of the day can be called unusual. */
export const USUAL_HOUR_MIN_SIGNINS = 10;
/** An hour is usual when an earlier successful sign-in started within this many hours of it (UTC, circular). */
export const USUAL_HOUR_SPREAD = 2;

export const ABNORMAL_SIGNIN_RULES = [
  "New network: the sign-in comes from a network (IPv4 /16, IPv6 /48) none of the user's earlier successful sign-ins came from (the first one is the baseline).",
  `Failed-login burst: ${FAILED_BURST_COUNT} or more failed sign-ins for the user within the ${FAILED_BURST_MINUTES} minutes before it.`,
  `Unusual hour: with at least ${USUAL_HOUR_MIN_SIGNINS} earlier successful sign-ins, none within ${USUAL_HOUR_SPREAD} hours (UTC time of day) of this one.`,
];

/** Why this successful sign-in is abnormal, given the user's earlier attempts; empty when it is not. */
export function abnormalReasons(history: readonly SigninAttempt[], current: { time: Date; sourceIp: string | null }): AbnormalReason[] {
  const now = current.time.getTime();
  const earlier = history.filter((a) => a.time.getTime() < now && a.time.getTime() > now - SIGNIN_HISTORY_DAYS * DAY_MS);
  const successes = earlier.filter((a) => a.success);
  const reasons: AbnormalReason[] = [];

  const network = networkOf(current.sourceIp);
  const known = successes.map((a) => networkOf(a.sourceIp)).filter((n): n is string => n !== null);
  if (network && known.length > 0 && !known.includes(network)) reasons.push("NewNetwork");

  const burstStart = now - FAILED_BURST_MINUTES * 60_000;
  if (earlier.filter((a) => !a.success && a.time.getTime() >= burstStart).length >= FAILED_BURST_COUNT) reasons.push("FailedBurst");

  if (successes.length >= USUAL_HOUR_MIN_SIGNINS) {
    const hour = current.time.getUTCHours() + current.time.getUTCMinutes() / 60;
    const usual = successes.some((a) => {
      const h = a.time.getUTCHours() + a.time.getUTCMinutes() / 60;
      const distance = Math.abs(h - hour);
      return Math.min(distance, 24 - distance) <= USUAL_HOUR_SPREAD;
    });
    if (!usual) reasons.push("UnusualHour");
  }
  return reasons;
}
