// The credential report preview's filters: which users a compliance reviewer wants to see first. The key ages
// follow the inventory's rules (lib/domain/key-risk.ts): more than 90 days, counted from `generatedAt`.
import { ROTATION_DAYS, UNUSED_DAYS } from "@/lib/domain/key-risk";
import { DAY_MS } from "@/lib/domain/time";
import type { ReportSnapshot, ReportUser } from "./snapshot";

export const PREVIEW_FILTERS = {
  noMfa: "Console users without MFA",
  unused90: "Keys unused > 90 days",
  created90: "Keys created > 90 days",
  atRisk: "Keys at risk",
  neverUsed: "Never-used keys",
} as const;
export type PreviewFilter = keyof typeof PREVIEW_FILTERS;

export function isPreviewFilter(value: unknown): value is PreviewFilter {
  return typeof value === "string" && Object.hasOwn(PREVIEW_FILTERS, value);
}

const olderThan = (iso: string, now: number, days: number) => now - Date.parse(iso) > days * DAY_MS;

export function matchesPreviewFilter(user: ReportUser, filter: PreviewFilter, generatedAt: string): boolean {
  const now = Date.parse(generatedAt);
  switch (filter) {
    case "noMfa":
      return user.consoleAccess && !user.mfaEnabled;
    case "unused90":
      return user.accessKeys.some((k) => olderThan(k.lastUsedAt ?? k.createdAt, now, UNUSED_DAYS));
    case "created90":
      return user.accessKeys.some((k) => olderThan(k.createdAt, now, ROTATION_DAYS));
    case "atRisk":
      return user.accessKeys.some((k) => k.atRisk);
    case "neverUsed":
      return user.accessKeys.some((k) => k.lastUsedAt === null);
  }
}

/** The snapshot with only the users the filter keeps (null: all). */
export function filterSnapshot(snapshot: ReportSnapshot, filter: PreviewFilter | null): ReportSnapshot {
  if (!filter) return snapshot;
  return { ...snapshot, users: snapshot.users.filter((u) => matchesPreviewFilter(u, filter, snapshot.generatedAt)) };
}
