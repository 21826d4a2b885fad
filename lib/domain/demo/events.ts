// The demo event stream: 90 days of API calls, console operations and sign-ins by the demo directory, in time
// order and in batches. Timestamps are drawn and sorted first (8 bytes each), then events are built one batch at a
// time, so memory stays small whatever the count.
import { Faker, base, en } from "@faker-js/faker";
import { withOwnRaw, type EventResource, type NormalisedEvent } from "../event";
import {
  API_USER_AGENTS,
  BROWSER_USER_AGENTS,
  CATALOG,
  DEMO_REGIONS,
  GLOBAL_REGION,
  RAM_SELF_SERVICE,
  RESOURCE_TYPES,
  catalogService,
  type CatalogEvent,
  type CatalogService,
} from "./catalog";
import { DEMO_SEED, type DemoAccessKey, type DemoDirectory, type DemoUser } from "./directory";
import { DAY_MS } from "../time";

export const DEMO_EVENT_COUNT = 200_000;
export const DEMO_WINDOW_DAYS = 90;
/** The demo's leaked key is used from LEAK_IPS in its last LEAK_HOURS. */
const LEAK_HOURS = 24;
const LEAK_IPS = Array.from({ length: 12 }, (_, i) => `185.220.101.${17 + i * 7}`);
/** Share of each event type; the rest are ConsoleSignin. */
const API_SHARE = 0.85;
const CONSOLE_SHARE = 0.1;
const FAILURE_RATE = 0.04;
const SIGNIN_FAILURE_RATE = 0.08;
const API_READ_RATIO = 0.78;

// Byte-to-hex table: Number#toString(16) on 32-bit values is the slowest step of the whole stream otherwise.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export interface DemoEventOptions {
  count?: number;
  batchSize?: number;
  seed?: number;
}

interface Weighted<T> {
  items: T[];
  cum: number[];
  total: number;
}
interface Spec {
  name: string;
  readOnly: boolean;
  sensitive: boolean;
  type: string | null;
  listy: boolean;
}
interface Picker {
  svc: CatalogService;
  reads: Weighted<Spec>;
  writes: Weighted<Spec>;
  self: boolean;
}
interface Actor {
  user: DemoUser;
  identityType: string;
  ips: string[];
  regions: Weighted<string>;
  browser: string;
  /** Resource names this user touches, per resource type. */
  pools: Map<string, string[]>;
  keyIds: string[];
}
interface KeyProfile {
  key: DemoAccessKey;
  actor: Actor;
  services: Weighted<Picker>;
  agents: string[];
}
interface ConsoleProfile {
  actor: Actor;
  services: Weighted<Picker>;
  readRatio: number;
}

function weighted<T>(entries: Array<[T, number]>): Weighted<T> {
  const cum: number[] = [];
  let total = 0;
  for (const [, weight] of entries) cum.push((total += weight));
  return { items: entries.map(([item]) => item), cum, total };
}

/** Weighted lists that change only at known instants (key creation / disabling, user creation). */
class TimePool<T> {
  private readonly bounds: number[];
  private readonly lists: Weighted<T>[];
  private seg = 0;
  constructor(entries: Array<{ item: T; from: number; to: number; weight: number }>, start: number) {
    const cuts = new Set(entries.flatMap((e) => [e.from, e.to]).filter((x) => x > start && Number.isFinite(x)));
    this.bounds = [start, ...[...cuts].sort((a, b) => a - b)];
    this.lists = this.bounds.map((b) =>
      weighted(entries.filter((e) => e.from <= b && b < e.to).map((e) => [e.item, e.weight])),
    );
  }
  /** Times must be asked in ascending order. */
  at(t: number): Weighted<T> {
    while (this.seg + 1 < this.bounds.length && t >= this.bounds[this.seg + 1]) this.seg++;
    return this.lists[this.seg];
  }
}

const ERRORS: Array<{
  code: string;
  message: string;
  weight: number;
  when?: (svc: string, spec: Spec, api: boolean) => boolean;
}> = [
  {
    code: "NoPermission",
    message: "You are not authorized to do this action. You should be authorized by RAM.",
    weight: 4,
  },
  {
    code: "Forbidden.RAM",
    message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    weight: 3,
  },
  { code: "InvalidParameter", message: "The specified parameter is not valid.", weight: 3 },
  {
    code: "Throttling.User",
    message: "Request was denied due to user flow control.",
    weight: 2,
    when: (_s, _e, api) => api,
  },
  {
    code: "EntityNotExist.User",
    message: "The user does not exist.",
    weight: 4,
    when: (_s, e) => e.type === "ACS::RAM::User",
  },
  {
    code: "IncorrectInstanceStatus",
    message: "The current status of the resource does not support this operation.",
    weight: 4,
    when: (s, e) => (s === "ecs" || s === "rds") && !e.readOnly,
  },
];

export function* demoEvents(
  directory: DemoDirectory,
  now: Date,
  options: DemoEventOptions = {},
): Generator<NormalisedEvent[]> {
  const { count = DEMO_EVENT_COUNT, batchSize = 1000, seed = DEMO_SEED } = options;
  const f = new Faker({ locale: [en, base] });
  f.seed(seed);
  const rand = (): number => Math.min(f.number.float(), 0.9999999999);
  const int = (min: number, max: number): number => f.number.int({ min, max });
  const pickW = <T>(w: Weighted<T>): T => {
    const x = rand() * w.total;
    for (let i = 0; i < w.cum.length; i++) if (x < w.cum[i]) return w.items[i];
    return w.items[w.items.length - 1];
  };
  const hex8 = (): string => {
    const n = f.number.int(0xffffffff);
    return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
  };
  // A v4-shaped UUID from faker's seeded generator (faker.string.uuid is several times slower).
  const uuid = (): string => {
    const a = hex8(),
      b = hex8(),
      c = hex8(),
      d = hex8();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${"89ab"[parseInt(c[0], 16) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  const publicIpv4 = (): string => {
    for (;;) {
      const ip = f.internet.ipv4();
      const [x, y] = ip.split(".").map(Number);
      const reserved =
        x === 0 ||
        x === 10 ||
        x === 127 ||
        x >= 224 ||
        (x === 100 && y >= 64 && y < 128) ||
        (x === 169 && y === 254) ||
        (x === 172 && y >= 16 && y < 32) ||
        (x === 192 && y === 168);
      if (!reserved) return ip;
    }
  };
  const { accountId } = directory.account;
  const t0 = now.getTime();
  const start = t0 - DEMO_WINDOW_DAYS * DAY_MS;

  // --- Catalog pickers ---
  const spec = (svc: CatalogService, e: CatalogEvent): Spec => ({
    name: e.name,
    readOnly: e.readOnly,
    sensitive: e.sensitive ?? false,
    type: e.resourceType === undefined ? svc.resourceType : e.resourceType,
    listy: /^(List|Describe)/.test(e.name),
  });
  // Sensitive operations are rarer than ordinary ones.
  const picker = (svc: CatalogService, keep: (e: CatalogEvent) => boolean = () => true, self = false): Picker => {
    const events = svc.events.filter(keep).map((e) => spec(svc, e));
    const list = (ro: boolean) =>
      weighted(events.filter((e) => e.readOnly === ro).map((e): [Spec, number] => [e, e.sensitive ? 0.15 : 1]));
    return { svc, reads: list(true), writes: list(false), self };
  };
  const pickers = new Map(CATALOG.map((svc) => [svc.service, picker(svc)]));
  const full = (service: string): Picker => pickers.get(service) ?? picker(catalogService(service));
  const selfRam = picker(catalogService("ram"), (e) => (RAM_SELF_SERVICE as readonly string[]).includes(e.name), true);
  const auditorRam = picker(catalogService("ram"), (e) => e.readOnly || e.name === "GenerateCredentialReport");
  const readOnly = (service: string): Picker => picker(catalogService(service), (e) => e.readOnly);

  // --- Actors: each user's IPs, regions and browser ---
  const regionWeights = weighted(DEMO_REGIONS.map((r, i): [string, number] => [r, [5, 4, 3, 2, 2, 1, 1][i]]));
  const ipv6Users = new Set(
    f.helpers
      .arrayElements(
        directory.users.filter((u) => u.consoleAccess && u.userType === "SubUser"),
        2,
      )
      .map((u) => u.userName),
  );
  const actors = new Map<string, Actor>();
  for (const user of directory.users) {
    if (user.userType === "MessageReceiver") continue;
    const ips = Array.from({ length: int(2, 5) }, publicIpv4);
    if (ipv6Users.has(user.userName)) ips.push(f.internet.ipv6());
    const first = pickW(regionWeights);
    const second = pickW(regionWeights);
    const regions = weighted<string>(
      first === second || rand() < 0.5
        ? [[first, 1]]
        : [
            [first, 0.8],
            [second, 0.2],
          ],
    );
    const keyIds = directory.accessKeys.filter((k) => k.userName === user.userName).map((k) => k.accessKeyId);
    actors.set(user.userName, {
      user,
      identityType: user.userType,
      ips,
      regions,
      browser: f.helpers.arrayElement(BROWSER_USER_AGENTS),
      pools: new Map(),
      keyIds,
    });
  }
  const actorOf = (userName: string): Actor => {
    const actor = actors.get(userName);
    if (!actor) throw new Error(`demo user ${userName} cannot act`);
    return actor;
  };

  // Org-wide resources, of which each user touches a few, so lists repeat within and across users.
  const orgPools = new Map<string, string[]>();
  const orgPool = (type: string): string[] => {
    let pool = orgPools.get(type);
    if (!pool) {
      if (type === "ACS::RAM::User") pool = directory.users.filter((u) => u.userType !== "Root").map((u) => u.userName);
      else if (type === "ACS::RAM::AccessKey") pool = directory.accessKeys.map((k) => k.accessKeyId);
      else if (type === "ACS::RAM::Group") pool = directory.groups.map((g) => g.name);
      else pool = [...new Set(Array.from({ length: int(8, 20) }, () => RESOURCE_TYPES[type].name(f)))];
      orgPools.set(type, pool);
    }
    return pool;
  };
  const resourceName = (actor: Actor, type: string, self: boolean): string => {
    if (self && type === "ACS::RAM::User") return actor.user.userName;
    if (self && type === "ACS::RAM::AccessKey" && actor.keyIds.length > 0) return f.helpers.arrayElement(actor.keyIds);
    let pool = actor.pools.get(type);
    if (!pool) {
      const org = orgPool(type);
      pool = f.helpers.arrayElements(org, Math.min(org.length, int(2, type.startsWith("ACS::RAM::") ? 8 : 6)));
      actor.pools.set(type, pool);
    }
    return f.helpers.arrayElement(pool);
  };

  // --- Keys: favourite services, tools, busyness ---
  const PROGRAM_SERVICES: Record<string, string[]> = {
    "ci-deployer": ["ecs", "cs", "oss", "slb", "fc"],
    terraform: ["ram", "vpc", "ecs", "slb", "rds"],
    "backup-agent": ["oss", "rds", "ecs"],
  };
  const PROGRAM_AGENTS: Record<string, string[]> = {
    "ci-deployer": [API_USER_AGENTS[5], API_USER_AGENTS[0]],
    terraform: [API_USER_AGENTS[2]],
    "backup-agent": [API_USER_AGENTS[6], API_USER_AGENTS[3]],
  };
  const serviceWeights = weighted(CATALOG.map((svc): [string, number] => [svc.service, svc.weight]));
  const favourites = (n: number): string[] => {
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(pickW(serviceWeights));
    return [...chosen];
  };
  const withSkew = (services: string[]): Weighted<Picker> =>
    weighted(services.map((s): [Picker, number] => [full(s), (rand() + 0.1) ** 2]));
  const usable = directory.accessKeys.filter((k) => !k.neverUsed);
  const keyServices = usable.map((k) => [...(PROGRAM_SERVICES[k.userName] ?? favourites(int(2, 5)))]);
  // Every service is used by some key.
  for (const svc of CATALOG)
    if (!keyServices.some((s) => s.includes(svc.service))) f.helpers.arrayElement(keyServices).push(svc.service);
  const keyEntries = usable.map((key, i) => {
    const agents = PROGRAM_AGENTS[key.userName] ?? f.helpers.arrayElements(API_USER_AGENTS.slice(0, 6), int(1, 2));
    const busy = Math.min(50, (1 - rand()) ** -1.3) * (PROGRAM_SERVICES[key.userName] ? 8 : 1);
    const profile: KeyProfile = { key, actor: actorOf(key.userName), services: withSkew(keyServices[i]), agents };
    return { item: profile, from: key.createdAt.getTime(), to: key.disabledAt?.getTime() ?? Infinity, weight: busy };
  });
  const keyPool = new TimePool(keyEntries, start);

  // --- Console users: what they do in the console ---
  const securityLead = directory.groups.find((g) => g.name === "Security")?.leads[0];
  // Administrators (admin, root, the Security lead) run the IMS operations; the auditor only reads (and generates
  // credential reports); everyone else works on the services their keys use and manages their own identity.
  const consoleHabits = (user: DemoUser, casual: number): Omit<ConsoleProfile, "actor"> & { weight: number } => {
    if (user.userName === "admin") {
      const services = weighted<Picker>([
        [full("ram"), 8],
        [full("actiontrail"), 1.5],
        [full("ecs"), 1],
        [full("kms"), 1],
        [full("sls"), 1],
      ]);
      return { services, readRatio: 0.55, weight: 5 };
    }
    if (user.userName === "auditor") {
      const services = weighted<Picker>([
        [auditorRam, 2],
        [readOnly("actiontrail"), 3],
        [readOnly("sls"), 2],
        [readOnly("oss"), 1],
      ]);
      return { services, readRatio: 0.97, weight: 3 };
    }
    if (user.userType === "Root" || user.userName === securityLead) {
      const services = weighted<Picker>([
        [full("ram"), 3],
        [full("actiontrail"), 1],
        [full("kms"), 1],
        [full("ecs"), 1],
      ]);
      return { services, readRatio: 0.65, weight: user.userType === "Root" ? 0.4 : 2 };
    }
    if (user.userType === "Collaborator")
      return { services: withSkew(favourites(int(2, 3))), readRatio: 0.85, weight: 0.6 };
    const own = [
      ...new Set(keyEntries.filter((e) => e.item.key.userName === user.userName).flatMap((e) => e.item.services.items)),
    ];
    const services = weighted<Picker>([
      ...(own.length ? own : [full("ecs")]).map((p): [Picker, number] => [p, 1]),
      [selfRam, 0.4],
    ]);
    return { services, readRatio: 0.75, weight: user.userName === "lead" ? 3 : casual };
  };
  const consoleEntries = directory.users
    .filter((u) => u.consoleAccess)
    .map((user) => {
      const { services, readRatio, weight } = consoleHabits(user, 0.5 + rand() * 1.5);
      const profile: ConsoleProfile = { actor: actorOf(user.userName), services, readRatio };
      return { item: profile, from: user.createdAt.getTime(), to: Infinity, weight };
    });
  const consolePool = new TimePool(consoleEntries, start);

  // --- Timestamps: busier in office hours (UTC+8) and on weekdays; automation runs around the clock ---
  const times = new Float64Array(count);
  const span = t0 - start;
  for (let i = 0; i < count;) {
    const t = start + Math.floor(rand() * span);
    const local = t + 8 * 3_600_000;
    const hour = Math.floor(local / 3_600_000) % 24;
    const dow = (Math.floor(local / DAY_MS) + 4) % 7;
    const p = 0.3 + 0.7 * (hour >= 9 && hour < 20 ? 1 : 0.12) * (dow === 0 || dow === 6 ? 0.25 : 1);
    if (rand() < p) times[i++] = t;
  }
  times.sort();

  // --- A leaked key, for the AccessKey audit's "may be at risk" flag to show: in the last day, ci-deployer's
  // calls come from a dozen hosting addresses its owner never used, in turn. Chosen by counter, not by the
  // random stream, so every other demo event stays as it was.
  const leakedKey =
    directory.accessKeys.find((k) => k.userName === "ci-deployer" && !k.neverUsed && !k.disabledAt)?.accessKeyId ??
    null;
  const leakFrom = t0 - LEAK_HOURS * 3_600_000;
  let leakedCalls = 0;
  const sourceIpOf = (key: DemoAccessKey | null, t: number, picked: string) =>
    key?.accessKeyId === leakedKey && t >= leakFrom ? LEAK_IPS[leakedCalls++ % LEAK_IPS.length] : picked;

  // --- Events ---
  const identity = (actor: Actor, accessKeyId: string | null, mfaUsed: boolean | null) => ({
    type: actor.identityType,
    principalId: actor.user.principalId,
    userName: actor.user.userName,
    accessKeyId,
    mfaUsed,
    roleName: null,
  });
  // An API call when made with a key, else a console operation.
  const operation = (
    t: number,
    actor: Actor,
    p: Picker,
    readRatio: number,
    key: DemoAccessKey | null,
    agent: string,
  ): NormalisedEvent => {
    let list = rand() < readRatio ? p.reads : p.writes;
    if (list.items.length === 0) list = list === p.reads ? p.writes : p.reads;
    const e = pickW(list);
    const region = p.svc.global ? GLOBAL_REGION : pickW(actor.regions);
    // List/Describe calls often scan rather than name a resource.
    const resources: EventResource[] =
      e.type === null || (e.listy && rand() < 0.5) ? [] : [{ type: e.type, name: resourceName(actor, e.type, p.self) }];
    const requestParameters: Record<string, unknown> = { RegionId: region };
    for (const r of resources) {
      if (e.name.startsWith("AssumeRole")) {
        Object.assign(requestParameters, {
          RoleArn: `acs:ram::${accountId}:role/${r.name}`,
          RoleSessionName: actor.user.userName,
        });
      } else requestParameters[RESOURCE_TYPES[r.type].param] = r.name;
    }
    let error: (typeof ERRORS)[number] | null = null;
    if (rand() < FAILURE_RATE) {
      const fitting = ERRORS.filter((x) => !x.when || x.when(p.svc.service, e, key !== null));
      error = pickW(weighted(fitting.map((x): [typeof x, number] => [x, x.weight])));
    }
    return withOwnRaw({
      eventId: uuid(),
      eventTime: new Date(t),
      origin: "demo",
      eventName: e.name,
      eventSource: p.svc.eventSource,
      service: p.svc.service,
      eventType: key ? "ApiCall" : "ConsoleOperation",
      readOnly: e.readOnly,
      sensitive: e.sensitive,
      accountId,
      userIdentity: identity(actor, key?.accessKeyId ?? null, key ? null : actor.user.mfaEnabled),
      sourceIpAddress: sourceIpOf(key, t, f.helpers.arrayElement(actor.ips)),
      userAgent: agent,
      region,
      resources,
      requestId: uuid().toUpperCase(),
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      requestParameters,
      responseElements: null,
    });
  };
  const signin = (t: number, actor: Actor): NormalisedEvent => {
    const ok = rand() >= SIGNIN_FAILURE_RATE;
    // Some failures come from addresses the user never uses: the abnormal logins a report should count.
    const ip = !ok && rand() < 0.3 ? publicIpv4() : f.helpers.arrayElement(actor.ips);
    const u = actor.user;
    const loginAccount = u.userType === "SubUser" ? `${u.userName}@demo-corp.onaliyun.com` : (u.email ?? u.userName);
    return withOwnRaw({
      eventId: uuid(),
      eventTime: new Date(t),
      origin: "demo",
      eventName: "ConsoleSignin",
      eventSource: "signin.aliyun.com",
      service: "signin",
      eventType: "ConsoleSignin",
      readOnly: false,
      sensitive: false,
      accountId,
      userIdentity: identity(actor, null, ok && u.mfaEnabled),
      sourceIpAddress: ip,
      userAgent: actor.browser,
      region: actor.regions.items[0],
      resources: [],
      requestId: uuid().toUpperCase(),
      errorCode: ok ? null : "InvalidPassword",
      errorMessage: ok ? null : "The password is incorrect.",
      requestParameters: { LoginAccount: loginAccount },
      responseElements: { ConsoleSignin: ok ? "Success" : "Failure" },
    });
  };

  let batch: NormalisedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const t = times[i];
    const kind = rand();
    const keys = keyPool.at(t);
    const consoles = consolePool.at(t);
    let event: NormalisedEvent;
    if (kind < API_SHARE && keys.items.length > 0) {
      const k = pickW(keys);
      event = operation(t, k.actor, pickW(k.services), API_READ_RATIO, k.key, f.helpers.arrayElement(k.agents));
    } else if (kind < API_SHARE + CONSOLE_SHARE) {
      const c = pickW(consoles);
      event = operation(t, c.actor, pickW(c.services), c.readRatio, null, c.actor.browser);
    } else {
      event = signin(t, pickW(consoles).actor);
    }
    batch.push(event);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
