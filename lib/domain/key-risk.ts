// The AccessKey inventory's flags and its "may be at risk" rules, as plain data and one pure function. The
// queries (lib/queries/key-flags.ts) only gather the inputs from the rollups; every rule and every threshold is
// here, with the sentences the console shows to explain them, so the page, the tests and the code agree.
import { DAY_MS, utcDay } from "./time";

export const KEY_FLAGS = ["neverUsed", "unused90", "rotationDue", "created30", "atRisk"] as const;
export type KeyFlag = (typeof KEY_FLAGS)[number];

export const KEY_FLAG_LABELS: Record<KeyFlag, string> = {
  neverUsed: "Never used",
  unused90: "Unused > 90 days",
  rotationDue: "Created > 90 days (rotation due)",
  created30: "Created > 30 days",
  atRisk: "May be at risk",
};

export function isKeyFlag(value: string): value is KeyFlag {
  return (KEY_FLAGS as readonly string[]).includes(value);
}

/** A key idle (since its last use, or since creation if never used) for longer than this is "Unused > 90 days". */
export const UNUSED_DAYS = 90;
/** A key older than this should be rotated (the clouds' credential reports use the same 90 days). */
export const ROTATION_DAYS = 90;
/** A key older than this is reported as "Created > 30 days", as in Tencent CAM's credential report. */
export const CREATED_DAYS = 30;

/** The new-IP, new-region and many-IPs rules only look at UTC days from this many days ago up to today: an old
 *  first sighting has been reviewed (or not) long ago, and would otherwise flag a key for ever. */
export const RISK_LOOKBACK_DAYS = 30;
/** An owner's first days of use are their baseline: a key ramping up spreads over its hosts and regions then,
 *  so an IP or region first seen within this many days of the owner's first use is not "new". */
export const BASELINE_DAYS = 14;
/** More distinct source IPs than this in one UTC day for one key looks like a leaked key used from many hosts. */
export const MAX_DISTINCT_IPS_PER_DAY = 10;
/** How many IPs or regions a reason names before it says "and N more". */
const NAMED_VALUES = 3;

/** The sentences the inventory's help text shows: one per flag and one per risk rule. */
export const RISK_RULES_HELP: string[] = [
  `"${KEY_FLAG_LABELS.neverUsed}": no successful call with the key has ever been recorded (calls refused at authentication do not count as a use).`,
  `"${KEY_FLAG_LABELS.unused90}": more than ${UNUSED_DAYS} days since the key's last use, or since its creation if it was never used. Days unused counts whole days.`,
  `"${KEY_FLAG_LABELS.rotationDue}": the key was created more than ${ROTATION_DAYS} days ago and should be rotated.`,
  `"${KEY_FLAG_LABELS.created30}": the key was created more than ${CREATED_DAYS} days ago.`,
  `"${KEY_FLAG_LABELS.atRisk}" when any of these holds:`,
  `New source IP: in the last ${RISK_LOOKBACK_DAYS} days (UTC days) the key was used from a source IP that none of its owner's keys had used before. The owner's first ${BASELINE_DAYS} days of use are their baseline and do not count.`,
  `New region: in the last ${RISK_LOOKBACK_DAYS} days the key was used in a region that none of its owner's keys had used before (after the same ${BASELINE_DAYS}-day baseline).`,
  `Used after its owner was deleted: the key's last use is later than the time its owner was deleted.`,
  `Many source IPs: in the last ${RISK_LOOKBACK_DAYS} days the key was used from more than ${MAX_DISTINCT_IPS_PER_DAY} distinct source IPs in one UTC day.`,
  `Only calls that succeeded count for the source IP and region rules, so someone who merely knows a key ID cannot raise or hide these flags. Keys seen only in imported logs have no creation time: only the usage and risk flags apply to them.`,
];

/** First UTC day ("YYYY-MM-DD") each value (source IP or region) was used. */
export type FirstDays = Map<string, string>;

export interface KeyRiskInput {
  /** null for a key known only from logs. */
  createdAt: Date | null;
  /** The newest successful use, or null. */
  lastUsedAt: Date | null;
  ownerDeletedAt: Date | null;
  /** This key's first day per source IP / region. */
  keyIps: FirstDays;
  keyRegions: FirstDays;
  /** The same over all the owner's keys (this one included): see ownerFirstDays. */
  ownerIps: FirstDays;
  ownerRegions: FirstDays;
  /** Distinct source IPs per UTC day (days in the lookback are enough; days at or under the limit may be left out). */
  ipsPerDay: Map<string, number>;
}

export interface KeyAssessment {
  flags: KeyFlag[];
  riskReasons: string[];
  /** Whole days since the last use, or since creation for a never-used key; null when neither is known. */
  daysUnused: number | null;
}

/** The earliest first day per value over several keys: an owner's view of IPs or regions. */
export function ownerFirstDays(perKey: Iterable<FirstDays>): FirstDays {
  const merged: FirstDays = new Map();
  for (const days of perKey) {
    for (const [value, day] of days) {
      const found = merged.get(value);
      if (!found || day < found) merged.set(value, day);
    }
  }
  return merged;
}

/** The first day of the risk lookback: days on or after it are recent. */
export function lookbackStartDay(now: Date): string {
  return utcDay(new Date(now.getTime() - RISK_LOOKBACK_DAYS * DAY_MS));
}

const olderThan = (time: Date, now: Date, days: number) => now.getTime() - time.getTime() > days * DAY_MS;

function named(values: string[]): string {
  const shown = values.slice(0, NAMED_VALUES).join(", ");
  return values.length > NAMED_VALUES ? `${shown} and ${values.length - NAMED_VALUES} more` : shown;
}

/** Values this key used first among all the owner's keys, on a recent day after the owner's baseline. */
function newForOwner(keyDays: FirstDays, ownerDays: FirstDays, since: string): { value: string; day: string }[] {
  // Most keys used nothing for the first time lately: they are done before the owner's days are looked at.
  let recent = false;
  for (const day of keyDays.values()) if (day >= since) recent = true;
  if (!recent) return [];
  let ownerFirst: string | null = null;
  for (const day of ownerDays.values()) if (ownerFirst === null || day < ownerFirst) ownerFirst = day;
  if (ownerFirst === null) return [];
  const baselineEnd = utcDay(new Date(Date.parse(`${ownerFirst}T00:00:00Z`) + BASELINE_DAYS * DAY_MS));
  const found: { value: string; day: string }[] = [];
  for (const [value, day] of keyDays) {
    if (day < since || day < baselineEnd) continue;
    if (ownerDays.get(value) === day) found.push({ value, day });
  }
  return found.sort((a, b) => (a.day === b.day ? (a.value < b.value ? -1 : 1) : a.day < b.day ? -1 : 1));
}

function firstSeenReason(how: "from" | "in", what: string, found: { value: string; day: string }[]): string | null {
  if (found.length === 0) return null;
  const days = [...new Set(found.map((f) => f.day))];
  const when = days.length === 1 ? `on ${days[0]}` : `between ${days[0]} and ${days[days.length - 1]}`;
  const noun = found.length === 1 ? what : `${what}s`;
  return `Used ${how} ${found.length === 1 ? "a" : found.length} ${noun} never seen for its owner before (${named(found.map((f) => f.value))}) ${when}.`;
}

export function assessKey(input: KeyRiskInput, now: Date): KeyAssessment {
  const since = lookbackStartDay(now);
  const reasons: string[] = [];

  const newIp = firstSeenReason("from", "source IP", newForOwner(input.keyIps, input.ownerIps, since));
  if (newIp) reasons.push(newIp);
  const newRegion = firstSeenReason("in", "region", newForOwner(input.keyRegions, input.ownerRegions, since));
  if (newRegion) reasons.push(newRegion);
  if (input.lastUsedAt && input.ownerDeletedAt && input.lastUsedAt > input.ownerDeletedAt) {
    reasons.push(
      `Used on ${input.lastUsedAt.toISOString()} after its owner was deleted on ${input.ownerDeletedAt.toISOString()}.`,
    );
  }
  const busyDays = [...input.ipsPerDay]
    .filter(([day, count]) => day >= since && count > MAX_DISTINCT_IPS_PER_DAY)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (busyDays.length) {
    const [day, count] = busyDays.reduce((top, d) => (d[1] > top[1] ? d : top));
    const more = busyDays.length > 1 ? ` (${busyDays.length} such days)` : "";
    reasons.push(
      `Used from ${count} distinct source IPs on ${day}, more than ${MAX_DISTINCT_IPS_PER_DAY} in one UTC day${more}.`,
    );
  }

  const idleSince = input.lastUsedAt ?? input.createdAt;
  const flags: KeyFlag[] = [];
  if (!input.lastUsedAt) flags.push("neverUsed");
  if (idleSince && olderThan(idleSince, now, UNUSED_DAYS)) flags.push("unused90");
  if (input.createdAt && olderThan(input.createdAt, now, ROTATION_DAYS)) flags.push("rotationDue");
  if (input.createdAt && olderThan(input.createdAt, now, CREATED_DAYS)) flags.push("created30");
  if (reasons.length) flags.push("atRisk");
  const daysUnused = idleSince ? Math.max(0, Math.floor((now.getTime() - idleSince.getTime()) / DAY_MS)) : null;
  return { flags, riskReasons: reasons, daysUnused };
}
