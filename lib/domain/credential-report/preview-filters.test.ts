import { describe, expect, it } from "vitest";
import { filterSnapshot, isPreviewFilter, matchesPreviewFilter } from "./preview-filters";
import type { ReportKey, ReportSnapshot, ReportUser } from "./snapshot";

const NOW = "2026-11-21T12:00:00.000Z";
const daysAgo = (d: number, extraMs = 0) => new Date(Date.parse(NOW) - d * 86_400_000 - extraMs).toISOString();
const key = (k: Partial<ReportKey>): ReportKey => ({
  accessKeyId: "K",
  createdAt: daysAgo(10),
  status: "Active",
  lastUsedAt: daysAgo(1),
  lastUsedService: "ecs",
  lastUsedRegion: "cn-hangzhou",
  atRisk: false,
  ...k,
});
const user = (u: Partial<ReportUser>): ReportUser => ({
  userName: "u",
  userType: "SubUser",
  createdAt: daysAgo(100),
  passwordEnabled: true,
  passwordChangedAt: null,
  passwordLastUsedAt: null,
  consoleAccess: true,
  loginProtection: false,
  operationProtection: false,
  mfaEnabled: true,
  abnormalLogins30d: 0,
  accessKeys: [],
  ...u,
});

describe("credential report preview filters", () => {
  it("console users without MFA: console access and no MFA", () => {
    expect(matchesPreviewFilter(user({ mfaEnabled: false }), "noMfa", NOW)).toBe(true);
    expect(matchesPreviewFilter(user({ mfaEnabled: false, consoleAccess: false }), "noMfa", NOW)).toBe(false);
    expect(matchesPreviewFilter(user({}), "noMfa", NOW)).toBe(false);
  });

  it("key ages: more than 90 days, to the millisecond", () => {
    const at = (k: Partial<ReportKey>, f: "unused90" | "created90") =>
      matchesPreviewFilter(user({ accessKeys: [key(k)] }), f, NOW);
    expect(at({ createdAt: daysAgo(90) }, "created90")).toBe(false);
    expect(at({ createdAt: daysAgo(90, 1) }, "created90")).toBe(true);
    expect(at({ createdAt: daysAgo(200), lastUsedAt: daysAgo(90) }, "unused90")).toBe(false);
    expect(at({ createdAt: daysAgo(200), lastUsedAt: daysAgo(91) }, "unused90")).toBe(true);
    // Never used: idle since creation.
    expect(at({ createdAt: daysAgo(91), lastUsedAt: null }, "unused90")).toBe(true);
    expect(at({ createdAt: daysAgo(89), lastUsedAt: null }, "unused90")).toBe(false);
  });

  it("keys at risk and never-used keys, by either of the user's keys", () => {
    const u = user({ accessKeys: [key({}), key({ accessKeyId: "K2", atRisk: true, lastUsedAt: null })] });
    expect(matchesPreviewFilter(u, "atRisk", NOW)).toBe(true);
    expect(matchesPreviewFilter(u, "neverUsed", NOW)).toBe(true);
    expect(matchesPreviewFilter(user({ accessKeys: [key({})] }), "atRisk", NOW)).toBe(false);
    expect(matchesPreviewFilter(user({}), "neverUsed", NOW)).toBe(false);
  });

  it("filters a snapshot and knows its filter names", () => {
    const snapshot: ReportSnapshot = {
      accountId: "1",
      accountName: "A",
      generatedAt: NOW,
      passwordRotationDays: null,
      users: [user({ userName: "a", mfaEnabled: false }), user({ userName: "b" })],
    };
    expect(filterSnapshot(snapshot, "noMfa").users.map((u) => u.userName)).toEqual(["a"]);
    expect(filterSnapshot(snapshot, null)).toBe(snapshot);
    expect(isPreviewFilter("atRisk")).toBe(true);
    expect(isPreviewFilter("constructor")).toBe(false);
  });
});
