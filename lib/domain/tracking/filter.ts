// What a tracking set delivers: events of some services, some event names, reads or writes, sensitive ones only,
// of some users or groups' members. An empty list means "any". Plain data, stored as JSON on the set.
import { z } from "zod";
import type { NormalisedEvent } from "@/lib/domain/event";

export const trackingFilterSchema = z.object({
  services: z.array(z.string().min(1).max(100)).max(100),
  eventNames: z.array(z.string().min(1).max(200)).max(500),
  readOnly: z.enum(["any", "read", "write"]),
  sensitiveOnly: z.boolean(),
  userNames: z.array(z.string().min(1).max(200)).max(500),
  groupIds: z.array(z.number().int().positive()).max(100),
});

export type TrackingFilter = z.infer<typeof trackingFilterSchema>;

export const DELIVER_EVERYTHING: TrackingFilter = {
  services: [],
  eventNames: [],
  readOnly: "any",
  sensitiveOnly: false,
  userNames: [],
  groupIds: [],
};

/** `members`: user names of the filter's groups, resolved by the caller (membership changes over time). */
export function trackingFilterMatches(
  filter: TrackingFilter,
  event: NormalisedEvent,
  members: ReadonlySet<string> = new Set(),
): boolean {
  if (filter.services.length && !filter.services.includes(event.service)) return false;
  if (filter.eventNames.length && !filter.eventNames.includes(event.eventName)) return false;
  if (filter.readOnly === "read" && event.readOnly !== true) return false;
  if (filter.readOnly === "write" && event.readOnly !== false) return false;
  if (filter.sensitiveOnly && !event.sensitive) return false;
  if (filter.userNames.length || filter.groupIds.length) {
    const name = event.userIdentity.userName;
    if (!name || !(filter.userNames.includes(name) || members.has(name))) return false;
  }
  return true;
}

const list = (text: string | undefined) => [
  ...new Set(
    (text ?? "")
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/** From the administrator's form (comma- or line-separated lists). */
export function parseTrackingFilter(
  values: Record<string, string>,
  groupIds: number[],
): { ok: true; filter: TrackingFilter } | { ok: false; error: string } {
  const parsed = trackingFilterSchema.safeParse({
    services: list(values.services),
    eventNames: list(values.eventNames),
    readOnly: values.readOnly || "any",
    sensitiveOnly: values.sensitiveOnly === "on",
    userNames: list(values.userNames),
    groupIds,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `Filter ${issue.path.join(".")}: ${issue.message}` };
  }
  return { ok: true, filter: parsed.data };
}

export function describeTrackingFilter(filter: TrackingFilter, groupNames: string[] = []): string {
  const parts: string[] = [];
  if (filter.services.length) parts.push(`services ${filter.services.join(", ")}`);
  if (filter.eventNames.length) parts.push(`events ${filter.eventNames.join(", ")}`);
  if (filter.readOnly !== "any") parts.push(filter.readOnly === "read" ? "reads" : "writes");
  if (filter.sensitiveOnly) parts.push("sensitive only");
  if (filter.userNames.length) parts.push(`users ${filter.userNames.join(", ")}`);
  if (groupNames.length) parts.push(`members of ${groupNames.join(", ")}`);
  return parts.length ? parts.join("; ") : "every event";
}
