// Abnormal sign-in flags, decided when a sign-in succeeds and stored on its ConsoleSignin event
// (responseElements.abnormal). The network and hour criteria are the credential report's rule
// (lib/domain/credential-report/abnormal-logins.ts), applied to this one sign-in; a success right after a burst
// of failures is flagged too (the report counts the burst itself).
import {
  FAILED_BURST_COUNT,
  FAILED_BURST_MINUTES,
  networkOf,
  SIGNIN_HISTORY_DAYS,
  UsualHours,
  type AbnormalReason,
  type SigninAttempt,
} from "@/lib/domain/credential-report/abnormal-logins";
import { DAY_MS } from "@/lib/domain/time";

export type { AbnormalReason };

/** Why this successful sign-in is abnormal, given the user's earlier attempts; empty when it is not. */
export function abnormalReasons(
  history: readonly SigninAttempt[],
  current: { time: Date; sourceIp: string | null },
): AbnormalReason[] {
  const now = current.time.getTime();
  const earlier = history.filter(
    (a) => a.time.getTime() < now && a.time.getTime() > now - SIGNIN_HISTORY_DAYS * DAY_MS,
  );
  const successes = earlier.filter((a) => a.success);
  const reasons: AbnormalReason[] = [];

  const network = networkOf(current.sourceIp);
  const known = new Set(successes.map((a) => networkOf(a.sourceIp)).filter((n): n is string => n !== null));
  if (network && known.size > 0 && !known.has(network)) reasons.push("NewNetwork");

  const hours = new UsualHours();
  for (const a of successes) hours.add(a.time);
  if (hours.isUnusual(current.time)) reasons.push("UnusualHour");

  const burstStart = now - FAILED_BURST_MINUTES * 60_000;
  if (earlier.filter((a) => !a.success && a.time.getTime() >= burstStart).length >= FAILED_BURST_COUNT)
    reasons.push("FailedBurst");
  return reasons;
}
