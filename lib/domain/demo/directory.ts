// The demo organisation: one account, its users, groups and AccessKeys. Pure and seeded: the same (now, seed)
// always gives the same directory, so the console, seeds and tests can all rely on it.
import { Faker, base, en } from "@faker-js/faker";
import { DAY_MS } from "../time";

export const DEMO_SEED = 20261121;
export const DEMO_ACCOUNT_ID = "1000000000001";
export const DEMO_ACCOUNT = { accountId: DEMO_ACCOUNT_ID, name: "Demo Corp" } as const;
/** Password of the three fixed demo console users (demo only; everyone else gets a random one). */
export const DEMO_PASSWORD = "keytrail-demo";
export const DEMO_EMAIL_DOMAIN = "demo-corp.example";
/** The group whose lead is the demo `lead` user. */
export const DEMO_LEAD_GROUP = "Platform";

/** Exact sizes of the directory (index.ts folds them into DEMO_COUNTS). */
export const DIRECTORY_COUNTS = {
  users: 40,
  groups: 5,
  accessKeys: 60,
  usersByType: { Root: 1, SubUser: 31, Collaborator: 4, MessageReceiver: 4 },
  /** root + 20 SubUsers + 4 Collaborators */
  consoleAccess: 25,
  /** root + 20 SubUsers */
  passwords: 21,
  mfa: 15,
  loginProtection: 8,
  operationProtection: 6,
  nonAsciiDisplayNames: 3,
  groupsWithLead: 3,
  leadGroupMembers: 8,
  usersWithTwoKeys: 28,
  keysDisabled: 10,
  keysOver90Days: 15,
  keysNeverUsed: 8,
} as const;

export interface DemoUser {
  userName: string;
  displayName: string;
  email: string | null;
  userType: "Root" | "SubUser" | "Collaborator" | "MessageReceiver";
  consoleRole: "Administrator" | "Auditor" | "TeamLead" | null;
  consoleAccess: boolean;
  /** Plain text, demo only; null = no console password. */
  password: string | null;
  mfaEnabled: boolean;
  loginProtection: boolean;
  operationProtection: boolean;
  createdAt: Date;
  passwordChangedAt: Date | null;
  principalId: string;
}
/** Members and leads are userNames; leads are also members. */
export interface DemoGroup {
  name: string;
  description: string;
  members: string[];
  leads: string[];
}
export interface DemoAccessKey {
  accessKeyId: string;
  userName: string;
  secret: string;
  status: "Active" | "Disabled";
  createdAt: Date;
  disabledAt: Date | null;
  neverUsed: boolean;
}
export interface DemoDirectory {
  account: { accountId: string; name: string };
  users: DemoUser[];
  groups: DemoGroup[];
  accessKeys: DemoAccessKey[];
}

// Non-ASCII display names exercise encoding everywhere (CSV, JSON, UI); user names stay ASCII.
const CHINESE = [
  ["wei.zhang", "张伟"],
  ["na.li", "李娜"],
  ["fang.wang", "王芳"],
  ["jing.chen", "陈静"],
  ["lei.liu", "刘磊"],
] as const;
const ACCENTED = [
  ["jose.alvarez", "José Álvarez"],
  ["zoe.muller", "Zoë Müller"],
  ["bjorn.sorensen", "Bjørn Sørensen"],
] as const;
const PROGRAMS = [
  ["ci-deployer", "CI deployer"],
  ["terraform", "Terraform automation"],
  ["backup-agent", "Backup agent"],
] as const;
const RESERVED = new Set(["root", "admin", "auditor", "lead", ...PROGRAMS.map(([name]) => name)]);

export function buildDemoDirectory(now: Date, seed = DEMO_SEED): DemoDirectory {
  const f = new Faker({ locale: [en, base] });
  f.seed(seed);
  const t0 = now.getTime();
  const between = (from: number, to: number): Date =>
    new Date(f.number.int({ min: Math.ceil(from), max: Math.floor(to) }));
  const daysAgo = (days: number): number => t0 - days * DAY_MS;
  const principalIds = new Set<string>([DEMO_ACCOUNT.accountId]);
  const principalId = (): string => {
    for (;;) {
      const id = f.string.numeric({ length: 17, allowLeadingZeros: false });
      if (!principalIds.has(id)) {
        principalIds.add(id);
        return id;
      }
    }
  };

  // 33 people: 25 SubUsers, 4 Collaborators, 4 MessageReceivers.
  const taken = new Set(RESERVED);
  const people: Array<{ userName: string; displayName: string }> = [];
  const special = [...f.helpers.arrayElements(CHINESE, 2), ...f.helpers.arrayElements(ACCENTED, 1)];
  for (const [userName, displayName] of special) {
    taken.add(userName);
    people.push({ userName, displayName });
  }
  while (people.length < 33) {
    const first = f.person.firstName();
    const last = f.person.lastName();
    const userName = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
    if (taken.has(userName)) continue;
    taken.add(userName);
    people.push({ userName, displayName: `${first} ${last}` });
  }
  const shuffled = f.helpers.shuffle(people);
  const persons = shuffled.slice(0, 25);
  const collaborators = shuffled.slice(25, 29);
  const receivers = shuffled.slice(29, 33);

  const user = (
    userName: string,
    displayName: string,
    userType: DemoUser["userType"],
    createdAt: Date,
    extra: Partial<DemoUser> = {},
  ): DemoUser => ({
    userName,
    displayName,
    email: `${userName}@${DEMO_EMAIL_DOMAIN}`,
    userType,
    consoleRole: null,
    consoleAccess: false,
    password: null,
    mfaEnabled: false,
    loginProtection: false,
    operationProtection: false,
    createdAt,
    passwordChangedAt: null,
    principalId: userType === "Root" ? DEMO_ACCOUNT.accountId : principalId(),
    ...extra,
  });
  const someday = (): Date => between(daysAgo(399.5), daysAgo(30.5));
  const randomPassword = (): string => f.internet.password({ length: 16 });

  // The demo console users exist since long before the 90-day event window, so their views are full.
  const root = user("root", `${DEMO_ACCOUNT.name} (root)`, "Root", new Date(daysAgo(399.5)), {
    email: `cloud-admin@${DEMO_EMAIL_DOMAIN}`,
    consoleAccess: true,
    password: randomPassword(),
  });
  const demo = (userName: string, displayName: string, consoleRole: NonNullable<DemoUser["consoleRole"]>): DemoUser =>
    user(userName, displayName, "SubUser", between(daysAgo(399), daysAgo(300)), {
      consoleRole,
      consoleAccess: true,
      password: DEMO_PASSWORD,
    });
  const admin = demo("admin", "Demo Administrator", "Administrator");
  const auditor = demo("auditor", "Demo Auditor", "Auditor");
  const lead = demo("lead", "Demo Team Lead", "TeamLead");

  // 17 of the 25 people use the console; the group leads (persons 5 and 11) are among them.
  const apiOnly = new Set(
    f.helpers.arrayElements(
      [...Array(25).keys()].filter((i) => i !== 5 && i !== 11),
      8,
    ),
  );
  const personUsers = persons.map((p, i) =>
    apiOnly.has(i)
      ? user(p.userName, p.displayName, "SubUser", someday())
      : user(p.userName, p.displayName, "SubUser", someday(), { consoleAccess: true, password: randomPassword() }),
  );
  // Programs: keys only, no mailbox.
  const programUsers = PROGRAMS.map(([userName, displayName]) =>
    user(userName, displayName, "SubUser", between(daysAgo(399), daysAgo(200)), { email: null }),
  );
  // Collaborators sign in as their own root account elsewhere: console, but no password here.
  const collaboratorUsers = collaborators.map((p) =>
    user(p.userName, p.displayName, "Collaborator", someday(), {
      email: `${p.userName}@partner.example`,
      consoleAccess: true,
    }),
  );
  const receiverUsers = receivers.map((p) => user(p.userName, p.displayName, "MessageReceiver", someday()));
  const users = [root, admin, auditor, lead, ...personUsers, ...programUsers, ...collaboratorUsers, ...receiverUsers];

  // Passwords were set at creation or changed since; MFA only for password holders (not the demo users,
  // so that they can sign in with the shared demo password alone).
  for (const u of users) if (u.password) u.passwordChangedAt = between(u.createdAt.getTime(), daysAgo(1));
  const mfaUsers = [
    root,
    ...f.helpers.arrayElements(
      personUsers.filter((u) => u.password),
      DIRECTORY_COUNTS.mfa - 1,
    ),
  ];
  for (const u of mfaUsers) u.mfaEnabled = true;
  for (const u of [root, ...f.helpers.arrayElements(mfaUsers.slice(1), DIRECTORY_COUNTS.loginProtection - 1)])
    u.loginProtection = true;
  for (const u of f.helpers.arrayElements(mfaUsers, DIRECTORY_COUNTS.operationProtection)) u.operationProtection = true;

  const names = (list: DemoUser[]): string[] => list.map((u) => u.userName);
  const [ci, terraform, backup] = programUsers;
  const p = personUsers;
  const groups: DemoGroup[] = [
    {
      name: DEMO_LEAD_GROUP,
      description: "Platform engineering: compute, network, CI/CD",
      members: names([lead, ...p.slice(0, 5), ci, terraform]),
      leads: ["lead"],
    },
    {
      name: "Data",
      description: "Data engineering and analytics",
      members: names([...p.slice(4, 11), backup]),
      leads: [p[5].userName],
    },
    {
      name: "Security",
      description: "Security operations and audit",
      members: names([admin, auditor, ...p.slice(11, 14)]),
      leads: [p[11].userName],
    },
    { name: "Finance", description: "Finance and billing", members: names(p.slice(14, 18)), leads: [] },
    { name: "Support", description: "Customer support", members: names(p.slice(18, 23)), leads: [] },
  ];

  const accessKeys = buildKeys(
    f,
    t0,
    root,
    users.filter((u) => u.userType === "SubUser"),
    new Set(groups[0].members),
  );
  return { account: { ...DEMO_ACCOUNT }, users, groups, accessKeys };
}

/** 60 keys: root 1, 28 SubUsers 2, 3 SubUsers 1; then the old / disabled / never-used ones are chosen. */
function buildKeys(
  f: Faker,
  t0: number,
  root: DemoUser,
  subUsers: DemoUser[],
  leadGroup: Set<string>,
): DemoAccessKey[] {
  const daysAgo = (days: number): number => t0 - days * DAY_MS;
  const between = (from: number, to: number): Date =>
    new Date(f.number.int({ min: Math.ceil(from), max: Math.floor(to) }));
  const oneKey = new Set(
    f.helpers
      .arrayElements(
        subUsers.filter((u) => !leadGroup.has(u.userName)),
        3,
      )
      .map((u) => u.userName),
  );
  const owners = [root, ...subUsers];
  const slots: Array<{ owner: DemoUser; index: number }> = [];
  for (const owner of owners) {
    const n = owner === root || oneKey.has(owner.userName) ? 1 : 2;
    for (let index = 0; index < n; index++) slots.push({ owner, index });
  }

  // Old keys (created > 90 days ago) need an owner that old: root's key plus 14 of those.
  const old = new Set<number>([0]);
  const oldCandidates = slots
    .map((_, i) => i)
    .filter((i) => i > 0 && slots[i].owner.createdAt.getTime() <= daysAgo(100));
  for (const i of f.helpers.arrayElements(oldCandidates, DIRECTORY_COUNTS.keysOver90Days - 1)) old.add(i);

  const ids = new Set<string>();
  const keyId = (): string => {
    for (;;) {
      const id = `LTAI${f.string.alphanumeric({ length: 20, casing: "upper" })}`;
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const keys: DemoAccessKey[] = slots.map(({ owner }, i) => {
    const from = owner.createdAt.getTime() + DAY_MS;
    const createdAt = old.has(i) ? between(from, daysAgo(91)) : between(Math.max(from, daysAgo(89)), daysAgo(1));
    return {
      accessKeyId: keyId(),
      userName: owner.userName,
      secret: f.string.alphanumeric(30),
      status: "Active",
      createdAt,
      disabledAt: null,
      neverUsed: false,
    };
  });
  // A user's first key is their older one.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i].userName === keys[i - 1].userName && keys[i].createdAt < keys[i - 1].createdAt) {
      [keys[i - 1].createdAt, keys[i].createdAt] = [keys[i].createdAt, keys[i - 1].createdAt];
    }
  }

  // Keep a working key for root, the programs and every member of the lead's group, so their activity shows.
  const programs = new Set<string>(PROGRAMS.map(([name]) => name));
  const keep = (i: number): boolean =>
    i === 0 ||
    (slots[i].index === 0 && (leadGroup.has(slots[i].owner.userName) || programs.has(slots[i].owner.userName)));
  const free = f.helpers.shuffle(keys.map((_, i) => i).filter((i) => !keep(i)));
  for (const i of free.slice(0, DIRECTORY_COUNTS.keysDisabled)) {
    const key = keys[i];
    key.status = "Disabled";
    key.disabledAt = between(key.createdAt.getTime() + 3_600_000, t0 - 3_600_000);
  }
  const neverUsed = free.slice(
    DIRECTORY_COUNTS.keysDisabled,
    DIRECTORY_COUNTS.keysDisabled + DIRECTORY_COUNTS.keysNeverUsed,
  );
  for (const i of neverUsed) keys[i].neverUsed = true;
  return keys;
}
