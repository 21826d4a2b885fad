import { beforeAll, describe, expect, it } from "vitest";
import type { NormalisedEvent } from "../event";
import {
  CATALOG,
  DEMO_ACCOUNT,
  DEMO_COUNTS,
  DEMO_LEAD_GROUP,
  DEMO_PASSWORD,
  IMS_EVENT_NAMES,
  buildDemoDirectory,
  demoEvents,
  type DemoDirectory,
} from "./index";
import { DAY_MS } from "../time";

const NOW = new Date("2026-11-21T12:00:00.000Z");
const directory = buildDemoDirectory(NOW);
const count = <T>(list: T[], test: (item: T) => boolean): number => list.filter(test).length;
const user = (userName: string) => {
  const found = directory.users.find((u) => u.userName === userName);
  if (!found) throw new Error(`no user ${userName}`);
  return found;
};

describe("demo directory", () => {
  it("has the account and 40 users of each type", () => {
    expect(directory.account).toEqual({ accountId: DEMO_ACCOUNT.accountId, name: "Demo Corp" });
    expect(directory.account.accountId).toMatch(/^\d{13}$/);
    expect(directory.users).toHaveLength(DEMO_COUNTS.users);
    for (const [type, n] of Object.entries(DEMO_COUNTS.usersByType))
      expect(count(directory.users, (u) => u.userType === type)).toBe(n);
    expect(user("root").userType).toBe("Root");
    expect(user("root").principalId).toBe(DEMO_ACCOUNT.accountId);
    expect(new Set(directory.users.map((u) => u.userName)).size).toBe(40);
    expect(new Set(directory.users.map((u) => u.principalId)).size).toBe(40);
    for (const u of directory.users) expect(u.userName).toMatch(/^[a-z][a-z.-]*[a-z]$/);
    expect(count(directory.users, (u) => /[^\x20-\x7e]/.test(u.displayName))).toBe(DEMO_COUNTS.nonAsciiDisplayNames);
    for (const u of directory.users) if (u.email) expect(u.email).toMatch(/^[a-z.-]+@[a-z-]+\.example$/);
  });

  it("gives the three demo console users their roles and the demo password", () => {
    expect(user("admin")).toMatchObject({
      userType: "SubUser",
      consoleRole: "Administrator",
      consoleAccess: true,
      password: DEMO_PASSWORD,
    });
    expect(user("auditor")).toMatchObject({
      userType: "SubUser",
      consoleRole: "Auditor",
      consoleAccess: true,
      password: DEMO_PASSWORD,
    });
    expect(user("lead")).toMatchObject({
      userType: "SubUser",
      consoleRole: "TeamLead",
      consoleAccess: true,
      password: DEMO_PASSWORD,
    });
    expect(DEMO_PASSWORD).toBe("keytrail-demo");
    const others = directory.users.filter((u) => !["admin", "auditor", "lead"].includes(u.userName));
    for (const u of others) {
      expect(u.consoleRole).toBeNull();
      expect(u.password).not.toBe(DEMO_PASSWORD);
    }
  });

  it("models console access, passwords, MFA and protection per user type", () => {
    expect(count(directory.users, (u) => u.consoleAccess)).toBe(DEMO_COUNTS.consoleAccess);
    expect(count(directory.users, (u) => u.password !== null)).toBe(DEMO_COUNTS.passwords);
    expect(count(directory.users, (u) => u.mfaEnabled)).toBe(DEMO_COUNTS.mfa);
    expect(count(directory.users, (u) => u.loginProtection)).toBe(DEMO_COUNTS.loginProtection);
    expect(count(directory.users, (u) => u.operationProtection)).toBe(DEMO_COUNTS.operationProtection);
    expect(user("root")).toMatchObject({ consoleAccess: true, password: expect.any(String) });
    for (const u of directory.users) {
      if (u.userType === "MessageReceiver")
        expect(u).toMatchObject({ password: null, consoleAccess: false, mfaEnabled: false });
      if (u.userType === "Collaborator") expect(u).toMatchObject({ password: null, consoleAccess: true });
      if (u.userType === "SubUser" && u.consoleAccess) expect(u.password).toEqual(expect.any(String));
      if (u.mfaEnabled || u.loginProtection || u.operationProtection) expect(u.password).not.toBeNull();
      if (u.loginProtection || u.operationProtection) expect(u.mfaEnabled).toBe(true);
      expect((u.passwordChangedAt === null) === (u.password === null)).toBe(true);
      const age = NOW.getTime() - u.createdAt.getTime();
      expect(age).toBeGreaterThan(30 * DAY_MS);
      expect(age).toBeLessThan(400 * DAY_MS);
    }
  });

  it("has 5 groups; lead leads exactly the Platform group", () => {
    expect(directory.groups).toHaveLength(DEMO_COUNTS.groups);
    const led = directory.groups.filter((g) => g.leads.includes("lead"));
    expect(led.map((g) => g.name)).toEqual([DEMO_LEAD_GROUP]);
    expect(led[0].members).toHaveLength(DEMO_COUNTS.leadGroupMembers);
    expect(led[0].members).toContain("lead");
    expect(led[0].members).not.toContain("admin");
    expect(led[0].members).not.toContain("auditor");
    expect(count(directory.groups, (g) => g.leads.length > 0)).toBe(DEMO_COUNTS.groupsWithLead);
    for (const g of directory.groups) {
      for (const l of g.leads) expect(g.members).toContain(l);
      for (const m of g.members) expect(user(m).userType).toBe("SubUser");
      for (const l of g.leads) if (g.name !== DEMO_LEAD_GROUP) expect(["admin", "auditor", "lead"]).not.toContain(l);
    }
    const grouped = new Set(directory.groups.flatMap((g) => g.members));
    expect(grouped.size).toBeGreaterThanOrEqual(29);
  });

  it("has 60 AccessKeys with the chosen shape and risk counts", () => {
    const keys = directory.accessKeys;
    expect(keys).toHaveLength(DEMO_COUNTS.accessKeys);
    expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(60);
    const perUser = new Map<string, number>();
    for (const k of keys) {
      expect(k.accessKeyId).toMatch(/^LTAI[A-Z0-9]{20}$/);
      expect(k.secret).toMatch(/^[A-Za-z0-9]{30}$/);
      const owner = user(k.userName);
      expect(["Root", "SubUser"]).toContain(owner.userType);
      expect(k.createdAt.getTime()).toBeGreaterThan(owner.createdAt.getTime());
      expect(k.createdAt.getTime()).toBeLessThan(NOW.getTime());
      expect(k.status === "Disabled").toBe(k.disabledAt !== null);
      if (k.disabledAt) {
        expect(k.disabledAt.getTime()).toBeGreaterThan(k.createdAt.getTime());
        expect(k.disabledAt.getTime()).toBeLessThan(NOW.getTime());
      }
      perUser.set(k.userName, (perUser.get(k.userName) ?? 0) + 1);
    }
    expect(Math.max(...perUser.values())).toBe(2);
    expect(perUser.get("root")).toBe(1);
    expect(count([...perUser.values()], (n) => n === 2)).toBe(DEMO_COUNTS.usersWithTwoKeys);
    expect(count(keys, (k) => k.status === "Disabled")).toBe(DEMO_COUNTS.keysDisabled);
    expect(count(keys, (k) => NOW.getTime() - k.createdAt.getTime() > 90 * DAY_MS)).toBe(DEMO_COUNTS.keysOver90Days);
    expect(count(keys, (k) => k.neverUsed)).toBe(DEMO_COUNTS.keysNeverUsed);
    const leadGroup = directory.groups.find((g) => g.name === DEMO_LEAD_GROUP);
    expect(perUser.get("lead")).toBeGreaterThan(0);
    expect(count(leadGroup?.members ?? [], (m) => m !== "lead" && perUser.has(m))).toBeGreaterThanOrEqual(3);
  });

  it("is deterministic for the same (now, seed) and varies with the seed", () => {
    expect(buildDemoDirectory(NOW)).toEqual(directory);
    expect(buildDemoDirectory(new Date(NOW))).toEqual(directory);
    expect(buildDemoDirectory(NOW, 7).users.map((u) => u.userName)).not.toEqual(directory.users.map((u) => u.userName));
  });
});

describe("demo catalog", () => {
  it("has 15 services, each with reads and writes or reads only", () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CATALOG.map((s) => s.service)).size).toBe(CATALOG.length);
    const ram = CATALOG.find((s) => s.service === "ram");
    for (const name of IMS_EVENT_NAMES) expect(ram?.events.map((e) => e.name)).toContain(name);
    const trail = CATALOG.find((s) => s.service === "actiontrail");
    expect(trail?.events.filter((e) => e.sensitive).map((e) => e.name)).toEqual(
      expect.arrayContaining(["DeleteTrail", "StopLogging"]),
    );
  });
});

interface Stats {
  total: number;
  batchSizes: number[];
  first: NormalisedEvent[];
  last: NormalisedEvent[];
  unordered: number;
  outside: number;
  keyMisuse: number;
  duplicateIds: number;
  rawMismatch: number;
  leaks: number;
  badIdentity: number;
  byType: Map<string, number>;
  services: Set<string>;
  names: Set<string>;
  reads: number;
  writes: number;
  failures: number;
  signinFailures: number;
  signinUsers: Set<string>;
  poolSizes: Map<string, Set<string>>;
}

function collect(dir: DemoDirectory): Stats {
  const s: Stats = {
    total: 0,
    batchSizes: [],
    first: [],
    last: [],
    unordered: 0,
    outside: 0,
    keyMisuse: 0,
    duplicateIds: 0,
    rawMismatch: 0,
    leaks: 0,
    badIdentity: 0,
    byType: new Map(),
    services: new Set(),
    names: new Set(),
    reads: 0,
    writes: 0,
    failures: 0,
    signinFailures: 0,
    signinUsers: new Set(),
    poolSizes: new Map(),
  };
  const keys = new Map(dir.accessKeys.map((k) => [k.accessKeyId, k]));
  const users = new Map(dir.users.map((u) => [u.userName, u]));
  const ids = new Set<string>();
  const secrets = new RegExp([DEMO_PASSWORD, ...dir.accessKeys.map((k) => k.secret)].join("|"));
  const start = NOW.getTime() - 90 * DAY_MS;
  let previous = -Infinity;
  for (const batch of demoEvents(dir, NOW)) {
    if (s.first.length === 0) s.first = batch;
    s.last = batch;
    s.batchSizes.push(batch.length);
    for (const e of batch) {
      const t = e.eventTime.getTime();
      s.total++;
      if (t < previous) s.unordered++;
      previous = t;
      if (t < start || t >= NOW.getTime()) s.outside++;
      if (ids.has(e.eventId)) s.duplicateIds++;
      ids.add(e.eventId);
      const id = e.userIdentity;
      const u = users.get(id.userName ?? "");
      if (
        e.origin !== "demo" ||
        e.accountId !== DEMO_ACCOUNT.accountId ||
        !u ||
        u.principalId !== id.principalId ||
        u.createdAt.getTime() > t
      )
        s.badIdentity++;
      if (e.eventType === "ApiCall") {
        const key = keys.get(id.accessKeyId ?? "");
        if (
          !key ||
          key.userName !== id.userName ||
          key.neverUsed ||
          t < key.createdAt.getTime() ||
          (key.disabledAt && t >= key.disabledAt.getTime())
        )
          s.keyMisuse++;
        if (id.mfaUsed !== null) s.badIdentity++;
      } else if (id.accessKeyId !== null || !u?.consoleAccess) s.badIdentity++;
      s.byType.set(e.eventType, (s.byType.get(e.eventType) ?? 0) + 1);
      s.services.add(e.service);
      s.names.add(e.eventName);
      if (e.readOnly) s.reads++;
      else s.writes++;
      if (e.errorCode) {
        s.failures++;
        if (e.eventType === "ConsoleSignin") s.signinFailures++;
      }
      if (e.eventType === "ConsoleSignin") s.signinUsers.add(u?.userType ?? "?");
      for (const r of e.resources) {
        const k = `${id.userName}|${r.type}`;
        const set = s.poolSizes.get(k) ?? new Set<string>();
        set.add(r.name);
        s.poolSizes.set(k, set);
      }
      const raw = JSON.parse(e.raw) as { eventId?: string };
      if (raw.eventId !== e.eventId) s.rawMismatch++;
      if (secrets.test(e.raw)) s.leaks++;
    }
  }
  return s;
}

describe("demo events", () => {
  let stats: Stats;
  beforeAll(() => {
    stats = collect(directory);
  }, 60_000);

  it("yields exactly DEMO_COUNTS.events events in batches of 1000", () => {
    expect(stats.total).toBe(DEMO_COUNTS.events);
    expect(DEMO_COUNTS.events).toBe(200_000);
    expect(stats.batchSizes.every((n) => n === 1000)).toBe(true);
  });

  it("orders events in the 90-day window before now, with unique IDs and faithful raw", () => {
    expect(stats.unordered).toBe(0);
    expect(stats.outside).toBe(0);
    expect(stats.duplicateIds).toBe(0);
    expect(stats.rawMismatch).toBe(0);
    expect(stats.leaks).toBe(0);
    expect(stats.badIdentity).toBe(0);
  });

  it("never uses a key before creation, after disabling, or marked never used", () => {
    expect(stats.keyMisuse).toBe(0);
  });

  it("mixes event types, services, reads and writes, failures", () => {
    const share = (type: string) => (stats.byType.get(type) ?? 0) / stats.total;
    expect(share("ApiCall")).toBeCloseTo(0.85, 1);
    expect(share("ConsoleOperation")).toBeCloseTo(0.1, 1);
    expect(share("ConsoleSignin")).toBeCloseTo(0.05, 1);
    expect(stats.services.size).toBeGreaterThanOrEqual(15);
    expect(stats.reads / stats.total).toBeGreaterThan(0.65);
    expect(stats.reads / stats.total).toBeLessThan(0.85);
    expect(stats.writes).toBeGreaterThan(0);
    const signins = stats.byType.get("ConsoleSignin") ?? 0;
    const failureRate = (stats.failures - stats.signinFailures) / (stats.total - signins);
    expect(failureRate).toBeGreaterThan(0.03);
    expect(failureRate).toBeLessThan(0.05);
    expect(stats.signinFailures / signins).toBeGreaterThan(0.05);
    expect(stats.signinFailures / signins).toBeLessThan(0.11);
    expect([...stats.signinUsers].sort()).toEqual(["Collaborator", "Root", "SubUser"]);
  });

  it("uses every IMS event name and repeats resources from small pools", () => {
    const used = IMS_EVENT_NAMES.filter((name) => stats.names.has(name));
    expect(used.length).toBeGreaterThanOrEqual(20);
    expect(used).toEqual([...IMS_EVENT_NAMES]);
    // A pool holds at most 8 names, plus the user's own name / keys for self-service RAM calls.
    expect(Math.max(...[...stats.poolSizes.values()].map((set) => set.size))).toBeLessThanOrEqual(10);
  });

  it("is deterministic: the same first and last batch on a second run", () => {
    let first: NormalisedEvent[] = [];
    let last: NormalisedEvent[] = [];
    for (const batch of demoEvents(buildDemoDirectory(NOW), NOW)) {
      if (first.length === 0) first = batch;
      last = batch;
    }
    expect(first).toEqual(stats.first);
    expect(last).toEqual(stats.last);
  }, 60_000);

  it("honours count and batchSize, and the seed changes the stream", () => {
    const batches = [...demoEvents(directory, NOW, { count: 2500, batchSize: 1000 })];
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    const other = [...demoEvents(directory, NOW, { count: 10, seed: 1 })].flat();
    expect(other.map((e) => e.eventId)).not.toEqual(batches[0].slice(0, 10).map((e) => e.eventId));
  });
});
