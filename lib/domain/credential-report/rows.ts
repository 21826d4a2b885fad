// A credential report's cells, from a snapshot, in either layout. Pure and deterministic: the same snapshot
// always gives the same cells, so a report stored as its snapshot renders the same bytes on every download.
// The cells here are the true values; csv.ts neutralises formula-like cells on the way out.
//
// Times are UTC throughout (the report says so on the page; the snapshot's instants are ISO-8601 UTC):
//  - Tencent layout: "YYYY/M/D H:MM:SS" like Tencent CAM's "2019/8/16 9:25:56" (month, day and hour unpadded,
//    minutes and seconds padded), in UTC.
//  - AWS layout: ISO-8601 to the second with "+00:00", like the real reports ("2016-08-30T17:37:35+00:00").
//
// "Created over N days": strictly more than N × 24 hours between the key's creation and the report's
// generatedAt. A key exactly 90 × 24 h old is not over 90 days; one a second older is. This is the AccessKey
// inventory's boundary too (lib/domain/key-risk.ts), so the report and the inventory agree.
//
// What each user type may have (docs/product.md):
//  - Root: password, console, MFA, protections and keys. In the AWS layout root's password_enabled,
//    password_last_changed and password_next_rotation are `not_supported`, as in every real AWS report (the root
//    password is not managed by the account's user management); its password_last_used is a time or
//    `no_information`, also as in the real reports.
//  - SubUser: everything.
//  - Collaborator: signs in as their own root account elsewhere, so has no password here: the password columns
//    are `not_supported` (in the AWS layout password_last_used is `N/A`, see MessageReceiver); console,
//    protections, MFA, abnormal sign-ins and keys are reported as for a SubUser.
//  - MessageReceiver: receives notifications only: no password, console, protections, MFA, sign-ins or keys, so
//    in the Tencent layout every such column is `not_supported`. In the AWS layout password_enabled,
//    password_last_changed and password_next_rotation are `not_supported` (as root's are), password_last_used is
//    `N/A` (no password), and mfa_active / access_key_N_active / cert_N_active stay `false` and the key columns `N/A`,
//    as AWS itself always writes booleans there and `N/A` for a missing key (tools such as Prowler compare
//    these to "true" / "false" and "N/A").
//  A credential that exists is always reported, whatever the user type says (an audit report must not hide a
//  key that should not be there): `not_supported` only ever replaces "none".
//
// Value rules per layout are stated beside each column below.
import { CREATED_DAYS, DAY_MS, ROTATION_DAYS } from "@/lib/domain/key-risk";
import { AWS_COLUMNS, TENCENT_COLUMNS, type AwsColumn, type ReportColumn, type TencentColumn } from "./columns";
import type { ReportFormat, ReportKey, ReportSnapshot, ReportUser } from "./snapshot";

export const NOT_SUPPORTED = "not_supported";
export const NOT_APPLICABLE = "N/A";
export const NO_INFORMATION = "no_information";
/** The AWS layout's name for the root user's row. */
export const AWS_ROOT_USER = "<root_account>";

interface TypeCapabilities {
  password: boolean;
  console: boolean;
  mfa: boolean;
  keys: boolean;
}

const CAPABILITIES: Record<string, TypeCapabilities> = {
  Root: { password: true, console: true, mfa: true, keys: true },
  SubUser: { password: true, console: true, mfa: true, keys: true },
  Collaborator: { password: false, console: true, mfa: true, keys: true },
  MessageReceiver: { password: false, console: false, mfa: false, keys: false },
};

/** An unknown user type is reported as a SubUser would be: nothing is hidden. */
export function capabilitiesOf(userType: string): TypeCapabilities {
  return CAPABILITIES[userType] ?? CAPABILITIES.SubUser;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "2019/8/16 9:25:56" (UTC). */
export function tencentTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** "2016-08-30T17:37:35+00:00" (UTC, to the second). */
export function awsTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

/** Strictly more than `days` × 24 h between `createdAt` and `now`. */
export function createdOver(createdAt: string, now: string, days: number): boolean {
  return new Date(now).getTime() - new Date(createdAt).getTime() > days * DAY_MS;
}

const TF = (value: boolean) => (value ? "TRUE" : "FALSE");
const tf = (value: boolean) => (value ? "true" : "false");

/** Tencent: TRUE / FALSE, or not_supported when the type cannot have it and it is not set. */
const tencentFlag = (value: boolean, supported: boolean) => (value || supported ? TF(value) : NOT_SUPPORTED);

function tencentRow(snapshot: ReportSnapshot, user: ReportUser): Record<TencentColumn, string> {
  const can = capabilitiesOf(user.userType);
  const hasPassword = can.password || user.passwordEnabled;
  const canSignIn = can.console || user.consoleAccess;
  return {
    AccountID: snapshot.accountId,
    Username: user.userName,
    UserType: user.userType,
    CreationTime: tencentTime(user.createdAt),
    // TRUE / FALSE; not_supported for Collaborators and MessageReceivers (no password of their own here).
    PasswordEnabled: tencentFlag(user.passwordEnabled, can.password),
    // The last password change; N/A when there is no password or no change time is known.
    PasswordLastRotation: !hasPassword ? NOT_SUPPORTED : user.passwordEnabled && user.passwordChangedAt ? tencentTime(user.passwordChangedAt) : NOT_APPLICABLE,
    LoginConsoleActive: tencentFlag(user.consoleAccess, can.console),
    LoginProtectionActive: tencentFlag(user.loginProtection, can.console),
    OperationProtectionActive: tencentFlag(user.operationProtection, can.console),
    MFADeviceActive: tencentFlag(user.mfaEnabled, can.mfa),
    // A count (lib/domain/credential-report/abnormal-logins.ts); not_supported for a type that cannot sign in.
    AbnormalLoginsNumWithin30Days: canSignIn || user.abnormalLogins30d > 0 ? String(user.abnormalLogins30d) : NOT_SUPPORTED,
    ...tencentKey(snapshot, user, 1),
    ...tencentKey(snapshot, user, 2),
  } as Record<TencentColumn, string>;
}

/** The seven AccessKey<n> columns: N/A for no key (not_supported for a type that cannot have keys). */
function tencentKey(snapshot: ReportSnapshot, user: ReportUser, n: 1 | 2): Partial<Record<TencentColumn, string>> {
  const key: ReportKey | undefined = user.accessKeys[n - 1];
  const none = capabilitiesOf(user.userType).keys ? NOT_APPLICABLE : NOT_SUPPORTED;
  const p = `AccessKey${n}`;
  if (!key) {
    return Object.fromEntries(
      ["SecretId", "MayBeAtRisk", "CreationTime", "Status", "lastUsedDate", "CreatedOver90Days", "CreatedOver30Days"].map((c) => [p + c, none]),
    );
  }
  return {
    [`${p}SecretId`]: key.accessKeyId,
    // The AccessKey inventory's "may be at risk" (lib/domain/key-risk.ts).
    [`${p}MayBeAtRisk`]: TF(key.atRisk),
    [`${p}CreationTime`]: tencentTime(key.createdAt),
    // Tencent's spelling: Active / Disable.
    [`${p}Status`]: key.status === "Active" ? "Active" : "Disable",
    // N/A for a key never used (as AWS does for keys).
    [`${p}lastUsedDate`]: key.lastUsedAt ? tencentTime(key.lastUsedAt) : NOT_APPLICABLE,
    [`${p}CreatedOver90Days`]: TF(createdOver(key.createdAt, snapshot.generatedAt, ROTATION_DAYS)),
    [`${p}CreatedOver30Days`]: TF(createdOver(key.createdAt, snapshot.generatedAt, CREATED_DAYS)),
  };
}

/** `acs:ram::<accountId>:root` / `acs:ram::<accountId>:user/<userName>`: the account is Alibaba-style (RAM), so
 *  its ARNs are Alibaba Cloud Resource Names, shaped exactly like the AWS ones the layout's tools expect. */
export function userArn(accountId: string, user: ReportUser): string {
  return user.userType === "Root" ? `acs:ram::${accountId}:root` : `acs:ram::${accountId}:user/${user.userName}`;
}

function awsRow(snapshot: ReportSnapshot, user: ReportUser): Record<AwsColumn, string> {
  const can = capabilitiesOf(user.userType);
  const root = user.userType === "Root";
  // Root (as in AWS), Collaborators and MessageReceivers: the account does not manage a password for them.
  const passwordManaged = !root && (can.password || user.passwordEnabled);
  const nextRotation =
    user.passwordEnabled && user.passwordChangedAt && snapshot.passwordRotationDays
      ? awsTime(new Date(new Date(user.passwordChangedAt).getTime() + snapshot.passwordRotationDays * DAY_MS).toISOString())
      : NOT_APPLICABLE;
  return {
    user: root ? AWS_ROOT_USER : user.userName,
    arn: userArn(snapshot.accountId, user),
    user_creation_time: awsTime(user.createdAt),
    password_enabled: passwordManaged ? tf(user.passwordEnabled) : NOT_SUPPORTED,
    // A time (root's too, as in AWS); no_information for a password never used; N/A with no password, which is
    // what AWS writes for every user without one (the real reports never say not_supported in this column).
    password_last_used: user.passwordLastUsedAt ? awsTime(user.passwordLastUsedAt) : user.passwordEnabled ? NO_INFORMATION : NOT_APPLICABLE,
    // A time; N/A with no password or no known change time.
    password_last_changed: !passwordManaged ? NOT_SUPPORTED : user.passwordEnabled && user.passwordChangedAt ? awsTime(user.passwordChangedAt) : NOT_APPLICABLE,
    // The last change plus the password policy's rotation period; N/A when either is missing.
    password_next_rotation: passwordManaged ? nextRotation : NOT_SUPPORTED,
    // Always true / false, as AWS writes it for every row.
    mfa_active: tf(user.mfaEnabled),
    ...awsKey(user, 1),
    ...awsKey(user, 2),
    // Keytrail has no signing certificates: false / N/A, as for AWS users without one.
    cert_1_active: "false",
    cert_1_last_rotated: NOT_APPLICABLE,
    cert_2_active: "false",
    cert_2_last_rotated: NOT_APPLICABLE,
  } as Record<AwsColumn, string>;
}

/** access_key_<n>_*: active true only for an Active key; last_rotated is the creation time of any existing key
 *  (AWS shows it for inactive keys too); last used date / region / service are N/A for a key never used, as in
 *  AWS (never `no_information` for keys), and region / service N/A when the last use had none. */
function awsKey(user: ReportUser, n: 1 | 2): Partial<Record<AwsColumn, string>> {
  const key: ReportKey | undefined = user.accessKeys[n - 1];
  const p = `access_key_${n}_`;
  return {
    [`${p}active`]: tf(key?.status === "Active"),
    [`${p}last_rotated`]: key ? awsTime(key.createdAt) : NOT_APPLICABLE,
    [`${p}last_used_date`]: key?.lastUsedAt ? awsTime(key.lastUsedAt) : NOT_APPLICABLE,
    [`${p}last_used_region`]: (key?.lastUsedAt && key.lastUsedRegion) || NOT_APPLICABLE,
    [`${p}last_used_service`]: (key?.lastUsedAt && key.lastUsedService) || NOT_APPLICABLE,
  };
}

/** One record per user (keyed by column), in the snapshot's order: what the page's preview table shows. */
export function reportRecords(snapshot: ReportSnapshot, format: ReportFormat): Record<ReportColumn, string>[] {
  return snapshot.users.map((user) =>
    format === "aws" ? (awsRow(snapshot, user) as Record<ReportColumn, string>) : (tencentRow(snapshot, user) as Record<ReportColumn, string>),
  );
}

/** One user's cells in column order. */
export function reportRow(snapshot: ReportSnapshot, user: ReportUser, format: ReportFormat): string[] {
  if (format === "aws") {
    const row = awsRow(snapshot, user);
    return AWS_COLUMNS.map((c) => row[c]);
  }
  const row = tencentRow(snapshot, user);
  return TENCENT_COLUMNS.map((c) => row[c]);
}

/** The whole report as cells: the header row first, then one row per user in the snapshot's order. */
export function reportRows(snapshot: ReportSnapshot, format: ReportFormat): string[][] {
  const header = [...(format === "aws" ? AWS_COLUMNS : TENCENT_COLUMNS)];
  return [header, ...snapshot.users.map((user) => reportRow(snapshot, user, format))];
}
