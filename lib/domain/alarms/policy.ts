// What an alarm policy is, independent of where it is stored: a condition on one event and an optional
// threshold ("more than N in M minutes, per user"). Built-in, hand-written and Sigma-imported policies share it.
import type { NormalisedEvent } from "@/lib/domain/event";
import type { Condition } from "./condition";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What the threshold counts per: each user, source IP, AccessKey or account separately. */
export const THRESHOLD_GROUPS = ["user", "sourceIp", "accessKey", "account"] as const;
export type ThresholdGroup = (typeof THRESHOLD_GROUPS)[number];

export interface AlarmThreshold {
  /** Raise when more than this many matching events fall within the window. */
  count: number;
  windowMinutes: number;
  per: ThresholdGroup;
}

export interface AlarmPolicyDefinition {
  name: string;
  description: string;
  severity: Severity;
  condition: Condition;
  threshold: AlarmThreshold | null;
}

/** The value a threshold groups an event under ("" when the event has none, e.g. no AccessKey). */
export function groupKeyOf(event: NormalisedEvent, per: ThresholdGroup | undefined): string {
  switch (per) {
    case "user":
      return event.userIdentity.userName ?? event.userIdentity.principalId ?? "";
    case "sourceIp":
      return event.sourceIpAddress ?? "";
    case "accessKey":
      return event.userIdentity.accessKeyId ?? "";
    case "account":
      return event.accountId ?? "";
    default:
      return "";
  }
}
