import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWS_COLUMNS, TENCENT_COLUMNS } from "./columns";
import { awsTime, createdOver, reportRecords, reportRows, tencentTime, userArn } from "./rows";
import type { ReportKey, ReportSnapshot, ReportUser } from "./snapshot";

const DAY = 86_400_000;
const GENERATED = "2026-11-21T09:56:00.000Z";
const ago = (days: number, seconds = 0) => new Date(Date.parse(GENERATED) - days * DAY - seconds * 1000).toISOString();

function key(accessKeyId: string, overrides: Partial<ReportKey> = {}): ReportKey {
  return {
    accessKeyId,
    createdAt: ago(10),
    status: "Active",
    lastUsedAt: null,
    lastUsedService: null,
    lastUsedRegion: null,
    atRisk: false,
    ...overrides,
  };
}

function user(userName: string, userType: string, overrides: Partial<ReportUser> = {}): ReportUser {
  return {
    userName,
    userType,
    createdAt: "2025-03-04T05:06:07.890Z",
    passwordEnabled: false,
    passwordChangedAt: null,
    passwordLastUsedAt: null,
    consoleAccess: false,
    loginProtection: false,
    operationProtection: false,
    mfaEnabled: false,
    abnormalLogins30d: 0,
    accessKeys: [],
    ...overrides,
  };
}

const ROOT = user("root", "Root", {
  createdAt: "2024-01-02T03:04:05.000Z",
  passwordEnabled: true,
  passwordChangedAt: "2025-06-07T08:09:10.000Z",
  passwordLastUsedAt: "2026-11-20T23:59:59.999Z",
  consoleAccess: true,
  loginProtection: true,
  mfaEnabled: true,
  abnormalLogins30d: 2,
  accessKeys: [
    key("LTAIROOT000000000001", {
      createdAt: "2024-02-03T04:05:06.000Z",
      lastUsedAt: "2026-11-01T10:00:00.000Z",
      lastUsedService: "ecs",
      lastUsedRegion: "cn-hangzhou",
      atRisk: true,
    }),
  ],
});
const ALICE = user("alice", "SubUser", {
  passwordEnabled: true,
  passwordChangedAt: "2026-10-01T00:00:00.000Z",
  consoleAccess: true,
  operationProtection: true,
  mfaEnabled: true,
  accessKeys: [
    key("LTAIALICE00000000001", {
      createdAt: ago(100),
      lastUsedAt: "2026-11-21T01:02:03.000Z",
      lastUsedService: "oss",
      lastUsedRegion: null,
    }),
    key("LTAIALICE00000000002", { createdAt: ago(31), status: "Disabled" }),
  ],
});
const BOB = user("bob", "SubUser");
const CAROL = user("carol", "Collaborator", {
  consoleAccess: true,
  mfaEnabled: true,
  loginProtection: true,
  abnormalLogins30d: 1,
});
const DAVE = user("dave", "MessageReceiver");

const snapshot = (users: ReportUser[], passwordRotationDays: number | null = null): ReportSnapshot => ({
  accountId: "1000000000001",
  accountName: "Demo Corp",
  generatedAt: GENERATED,
  passwordRotationDays,
  users,
});

const record = (format: "tencent" | "aws", u: ReportUser, rotation: number | null = null) =>
  reportRecords(snapshot([u], rotation), format)[0];
const NONE_KEY = (n: 1 | 2, value: string) =>
  Object.fromEntries(
    ["SecretId", "MayBeAtRisk", "CreationTime", "Status", "lastUsedDate", "CreatedOver90Days", "CreatedOver30Days"].map(
      (c) => [`AccessKey${n}${c}`, value],
    ),
  );
const AWS_NO_KEY = (n: 1 | 2) => ({
  [`access_key_${n}_active`]: "false",
  [`access_key_${n}_last_rotated`]: "N/A",
  [`access_key_${n}_last_used_date`]: "N/A",
  [`access_key_${n}_last_used_region`]: "N/A",
  [`access_key_${n}_last_used_service`]: "N/A",
});
const NO_CERTS = {
  cert_1_active: "false",
  cert_1_last_rotated: "N/A",
  cert_2_active: "false",
  cert_2_last_rotated: "N/A",
};

describe("time formats", () => {
  it("writes Tencent times as YYYY/M/D H:MM:SS in UTC", () => {
    expect(tencentTime("2019-08-16T09:25:56.000Z")).toBe("2019/8/16 9:25:56");
    expect(tencentTime("2026-12-01T00:05:09.999Z")).toBe("2026/12/1 0:05:09");
    expect(tencentTime("2026-01-31T23:00:00+08:00")).toBe("2026/1/31 15:00:00");
  });
  it("writes AWS times as ISO-8601 to the second with +00:00", () => {
    expect(awsTime("2016-08-30T17:37:35.123Z")).toBe("2016-08-30T17:37:35+00:00");
    expect(awsTime("2026-01-31T23:00:00+08:00")).toBe("2026-01-31T15:00:00+00:00");
  });
  it("cuts canonical ISO text exactly as a Date would format it", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (d) => {
          const viaDate = `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, "0")}:${String(d.getUTCSeconds()).padStart(2, "0")}`;
          expect(tencentTime(d.toISOString())).toBe(viaDate);
          expect(awsTime(d.toISOString())).toBe(`${d.toISOString().slice(0, 19)}+00:00`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("Tencent CAM layout, every column for every user type", () => {
  it("has the 25 columns in product.md's order", () => {
    expect(reportRows(snapshot([]), "tencent")).toEqual([[...TENCENT_COLUMNS]]);
    expect(TENCENT_COLUMNS).toHaveLength(25);
  });

  it("Root: its own values, one key, N/A for the missing second key", () => {
    expect(record("tencent", ROOT)).toEqual({
      AccountID: "1000000000001",
      Username: "root",
      UserType: "Root",
      CreationTime: "2024/1/2 3:04:05",
      PasswordEnabled: "TRUE",
      PasswordLastRotation: "2025/6/7 8:09:10",
      LoginConsoleActive: "TRUE",
      LoginProtectionActive: "TRUE",
      OperationProtectionActive: "FALSE",
      MFADeviceActive: "TRUE",
      AbnormalLoginsNumWithin30Days: "2",
      AccessKey1SecretId: "LTAIROOT000000000001",
      AccessKey1MayBeAtRisk: "TRUE",
      AccessKey1CreationTime: "2024/2/3 4:05:06",
      AccessKey1Status: "Active",
      AccessKey1lastUsedDate: "2026/11/1 10:00:00",
      AccessKey1CreatedOver90Days: "TRUE",
      AccessKey1CreatedOver30Days: "TRUE",
      ...NONE_KEY(2, "N/A"),
    });
  });

  it("SubUser with a password and two keys: Disable status, never-used key N/A", () => {
    expect(record("tencent", ALICE)).toEqual({
      AccountID: "1000000000001",
      Username: "alice",
      UserType: "SubUser",
      CreationTime: "2025/3/4 5:06:07",
      PasswordEnabled: "TRUE",
      PasswordLastRotation: "2026/10/1 0:00:00",
      LoginConsoleActive: "TRUE",
      LoginProtectionActive: "FALSE",
      OperationProtectionActive: "TRUE",
      MFADeviceActive: "TRUE",
      AbnormalLoginsNumWithin30Days: "0",
      AccessKey1SecretId: "LTAIALICE00000000001",
      AccessKey1MayBeAtRisk: "FALSE",
      AccessKey1CreationTime: "2026/8/13 9:56:00",
      AccessKey1Status: "Active",
      AccessKey1lastUsedDate: "2026/11/21 1:02:03",
      AccessKey1CreatedOver90Days: "TRUE",
      AccessKey1CreatedOver30Days: "TRUE",
      AccessKey2SecretId: "LTAIALICE00000000002",
      AccessKey2MayBeAtRisk: "FALSE",
      AccessKey2CreationTime: "2026/10/21 9:56:00",
      AccessKey2Status: "Disable",
      AccessKey2lastUsedDate: "N/A",
      AccessKey2CreatedOver90Days: "FALSE",
      AccessKey2CreatedOver30Days: "TRUE",
    });
  });

  it("SubUser without password or keys: FALSE and N/A", () => {
    expect(record("tencent", BOB)).toEqual({
      AccountID: "1000000000001",
      Username: "bob",
      UserType: "SubUser",
      CreationTime: "2025/3/4 5:06:07",
      PasswordEnabled: "FALSE",
      PasswordLastRotation: "N/A",
      LoginConsoleActive: "FALSE",
      LoginProtectionActive: "FALSE",
      OperationProtectionActive: "FALSE",
      MFADeviceActive: "FALSE",
      AbnormalLoginsNumWithin30Days: "0",
      ...NONE_KEY(1, "N/A"),
      ...NONE_KEY(2, "N/A"),
    });
  });

  it("Collaborator: no password of its own (not_supported), console and MFA as they are", () => {
    expect(record("tencent", CAROL)).toEqual({
      AccountID: "1000000000001",
      Username: "carol",
      UserType: "Collaborator",
      CreationTime: "2025/3/4 5:06:07",
      PasswordEnabled: "not_supported",
      PasswordLastRotation: "not_supported",
      LoginConsoleActive: "TRUE",
      LoginProtectionActive: "TRUE",
      OperationProtectionActive: "FALSE",
      MFADeviceActive: "TRUE",
      AbnormalLoginsNumWithin30Days: "1",
      ...NONE_KEY(1, "N/A"),
      ...NONE_KEY(2, "N/A"),
    });
  });

  it("MessageReceiver: not_supported for password, login, protections, MFA, sign-ins and keys", () => {
    expect(record("tencent", DAVE)).toEqual({
      AccountID: "1000000000001",
      Username: "dave",
      UserType: "MessageReceiver",
      CreationTime: "2025/3/4 5:06:07",
      PasswordEnabled: "not_supported",
      PasswordLastRotation: "not_supported",
      LoginConsoleActive: "not_supported",
      LoginProtectionActive: "not_supported",
      OperationProtectionActive: "not_supported",
      MFADeviceActive: "not_supported",
      AbnormalLoginsNumWithin30Days: "not_supported",
      ...NONE_KEY(1, "not_supported"),
      ...NONE_KEY(2, "not_supported"),
    });
  });

  it("still reports a credential a type should not have (nothing is hidden)", () => {
    const odd = record("tencent", user("eve", "MessageReceiver", { accessKeys: [key("LTAIEVE0000000000001")] }));
    expect(odd.AccessKey1SecretId).toBe("LTAIEVE0000000000001");
    expect(odd.AccessKey2SecretId).toBe("not_supported");
  });

  it("a password without a known change time has PasswordLastRotation N/A", () => {
    expect(record("tencent", user("frank", "SubUser", { passwordEnabled: true })).PasswordLastRotation).toBe("N/A");
  });
});

describe("AWS IAM layout, every column for every user type", () => {
  it("has exactly the 22 columns of the real reports", () => {
    expect(reportRows(snapshot([]), "aws")).toEqual([[...AWS_COLUMNS]]);
    expect(AWS_COLUMNS.join(",")).toBe(
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
    );
  });

  it("the root row: <root_account>, :root ARN, not_supported password columns, last use kept", () => {
    expect(record("aws", ROOT, 90)).toEqual({
      user: "<root_account>",
      arn: "acs:ram::1000000000001:root",
      user_creation_time: "2024-01-02T03:04:05+00:00",
      password_enabled: "not_supported",
      password_last_used: "2026-11-20T23:59:59+00:00",
      password_last_changed: "not_supported",
      password_next_rotation: "not_supported",
      mfa_active: "true",
      access_key_1_active: "true",
      access_key_1_last_rotated: "2024-02-03T04:05:06+00:00",
      access_key_1_last_used_date: "2026-11-01T10:00:00+00:00",
      access_key_1_last_used_region: "cn-hangzhou",
      access_key_1_last_used_service: "ecs",
      ...AWS_NO_KEY(2),
      ...NO_CERTS,
    });
  });

  it("root whose password was never used: no_information", () => {
    expect(record("aws", { ...ROOT, passwordLastUsedAt: null }).password_last_used).toBe("no_information");
  });

  it("SubUser with password and two keys; next rotation from the policy; N/A region; never-used key N/A", () => {
    expect(record("aws", ALICE, 90)).toEqual({
      user: "alice",
      arn: "acs:ram::1000000000001:user/alice",
      user_creation_time: "2025-03-04T05:06:07+00:00",
      password_enabled: "true",
      password_last_used: "no_information",
      password_last_changed: "2026-10-01T00:00:00+00:00",
      password_next_rotation: "2026-12-30T00:00:00+00:00",
      mfa_active: "true",
      access_key_1_active: "true",
      access_key_1_last_rotated: "2026-08-13T09:56:00+00:00",
      access_key_1_last_used_date: "2026-11-21T01:02:03+00:00",
      access_key_1_last_used_region: "N/A",
      access_key_1_last_used_service: "oss",
      access_key_2_active: "false",
      access_key_2_last_rotated: "2026-10-21T09:56:00+00:00",
      access_key_2_last_used_date: "N/A",
      access_key_2_last_used_region: "N/A",
      access_key_2_last_used_service: "N/A",
      ...NO_CERTS,
    });
    // Without a rotation policy there is no next rotation.
    expect(record("aws", ALICE).password_next_rotation).toBe("N/A");
  });

  it("SubUser without password or keys: false and N/A", () => {
    expect(record("aws", BOB)).toEqual({
      user: "bob",
      arn: "acs:ram::1000000000001:user/bob",
      user_creation_time: "2025-03-04T05:06:07+00:00",
      password_enabled: "false",
      password_last_used: "N/A",
      password_last_changed: "N/A",
      password_next_rotation: "N/A",
      mfa_active: "false",
      ...AWS_NO_KEY(1),
      ...AWS_NO_KEY(2),
      ...NO_CERTS,
    });
  });

  it("Collaborator: password columns not_supported (last used N/A: no password), booleans stay true/false", () => {
    expect(record("aws", CAROL, 90)).toEqual({
      user: "carol",
      arn: "acs:ram::1000000000001:user/carol",
      user_creation_time: "2025-03-04T05:06:07+00:00",
      password_enabled: "not_supported",
      password_last_used: "N/A",
      password_last_changed: "not_supported",
      password_next_rotation: "not_supported",
      mfa_active: "true",
      ...AWS_NO_KEY(1),
      ...AWS_NO_KEY(2),
      ...NO_CERTS,
    });
  });

  it("MessageReceiver: password columns not_supported (last used N/A), key columns false / N/A as AWS writes them", () => {
    expect(record("aws", DAVE, 90)).toEqual({
      user: "dave",
      arn: "acs:ram::1000000000001:user/dave",
      user_creation_time: "2025-03-04T05:06:07+00:00",
      password_enabled: "not_supported",
      password_last_used: "N/A",
      password_last_changed: "not_supported",
      password_next_rotation: "not_supported",
      mfa_active: "false",
      ...AWS_NO_KEY(1),
      ...AWS_NO_KEY(2),
      ...NO_CERTS,
    });
  });

  it("ARNs are Alibaba-style", () => {
    expect(userArn("123", ROOT)).toBe("acs:ram::123:root");
    expect(userArn("123", BOB)).toBe("acs:ram::123:user/bob");
  });
});

describe("created over 30 / 90 days: strictly more than N × 24 h before generatedAt", () => {
  const cases: [number, number, string, string][] = [
    // days, extra seconds, over 90, over 30
    [29, 0, "FALSE", "FALSE"],
    [30, 0, "FALSE", "FALSE"],
    [30, 1, "FALSE", "TRUE"],
    [31, 0, "FALSE", "TRUE"],
    [89, 0, "FALSE", "TRUE"],
    [90, 0, "FALSE", "TRUE"],
    [90, 1, "TRUE", "TRUE"],
    [91, 0, "TRUE", "TRUE"],
  ];
  it.each(cases)("a key created %i days (+%i s) ago", (days, seconds, over90, over30) => {
    const rec = record(
      "tencent",
      user("k", "SubUser", {
        accessKeys: [key("LTAIK", { createdAt: ago(days, seconds) }), key("LTAIK2", { createdAt: ago(days, seconds) })],
      }),
    );
    expect([rec.AccessKey1CreatedOver90Days, rec.AccessKey1CreatedOver30Days]).toEqual([over90, over30]);
    expect([rec.AccessKey2CreatedOver90Days, rec.AccessKey2CreatedOver30Days]).toEqual([over90, over30]);
  });
  it("a key created after generatedAt (clock skew) is over nothing", () => {
    expect(createdOver(ago(-1), GENERATED, 30)).toBe(false);
  });
});

describe("reportRows", () => {
  it("keeps the snapshot's order, header first", () => {
    const rows = reportRows(snapshot([ROOT, ALICE, BOB, CAROL, DAVE]), "aws");
    expect(rows.map((r) => r[0])).toEqual(["user", "<root_account>", "alice", "bob", "carol", "dave"]);
    for (const row of rows) expect(row).toHaveLength(22);
    for (const row of reportRows(snapshot([ROOT, ALICE, BOB, CAROL, DAVE]), "tencent")) expect(row).toHaveLength(25);
  });
  it("keeps user-controlled text as it is (the CSV writer neutralises)", () => {
    const rows = reportRows(snapshot([user('=cmd|" /C calc"!A0', "SubUser")]), "tencent");
    expect(rows[1][1]).toBe('=cmd|" /C calc"!A0');
  });
});
