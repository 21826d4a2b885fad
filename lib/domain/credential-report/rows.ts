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
// What each user type may have (README.md, "Credential report"):
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
// Never used: a password never used is `no_information` (AWS layout), as in the real reports. A key never used
// is `N/A` in its last-used columns, not `no_information`: that is what the real reports show for an existing
// key never used (auditor_tmp, c7n-iam-test), what AWS documents, and what tools test for (Prowler's
// iam_user_no_setup_initial_access_key looks for last_used_date "N/A" beside an active key).
//
// Value rules per layout are stated beside each column below.
import { CREATED_DAYS, ROTATION_DAYS } from "@/lib/domain/key-risk";
import { DAY_MS } from "@/lib/domain/time";
import { reportColumns, type ReportColumn } from "./columns";
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

/** The snapshot's times are Date.toISOString() output ("2019-08-16T09:25:56.000Z"): cut from the text, which is
 *  faster than parsing each into a Date (docs/performance.md). Anything else is parsed. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** "2019/8/16 9:25:56" (UTC). */
export function tencentTime(iso: string): string {
  if (CANONICAL_ISO.test(iso)) {
    const [y, mo, d, h] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13)];
    return `${y}/${Number(mo)}/${Number(d)} ${Number(h)}:${iso.slice(14, 16)}:${iso.slice(17, 19)}`;
  }
  const d = new Date(iso);
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** "2016-08-30T17:37:35+00:00" (UTC, to the second). */
export function awsTime(iso: string): string {
  return `${(CANONICAL_ISO.test(iso) ? iso : new Date(iso).toISOString()).slice(0, 19)}+00:00`;
}

/** Strictly more than `days` × 24 h between `createdAt` and `now`. */
export function createdOver(createdAt: string, now: string | number, days: number): boolean {
  return (typeof now === "number" ? now : Date.parse(now)) - Date.parse(createdAt) > days * DAY_MS;
}

const TF = (value: boolean) => (value ? "TRUE" : "FALSE");
const tf = (value: boolean) => (value ? "true" : "false");

/** Tencent: TRUE / FALSE, or not_supported when the type cannot have it and it is not set. */
const tencentFlag = (value: boolean, supported: boolean) => (value || supported ? TF(value) : NOT_SUPPORTED);

// Each row is built as an array in its layout's column order (the names are in the comments, and a test checks
// the order against columns.ts): 10,000 users render in tens of milliseconds this way.

/** The Tencent layout's 25 cells. */
function tencentCells(snapshot: ReportSnapshot, user: ReportUser, generatedAtMs: number): string[] {
  const can = capabilitiesOf(user.userType);
  const hasPassword = can.password || user.passwordEnabled;
  const canSignIn = can.console || user.consoleAccess;
  return [
    snapshot.accountId, // AccountID
    user.userName, // Username
    user.userType, // UserType
    tencentTime(user.createdAt), // CreationTime
    // PasswordEnabled: TRUE / FALSE; not_supported for Collaborators and MessageReceivers (no password here).
    tencentFlag(user.passwordEnabled, can.password),
    // PasswordLastRotation: the last password change; N/A with no password or no known change time.
    !hasPassword
      ? NOT_SUPPORTED
      : user.passwordEnabled && user.passwordChangedAt
        ? tencentTime(user.passwordChangedAt)
        : NOT_APPLICABLE,
    tencentFlag(user.consoleAccess, can.console), // LoginConsoleActive
    tencentFlag(user.loginProtection, can.console), // LoginProtectionActive
    tencentFlag(user.operationProtection, can.console), // OperationProtectionActive
    tencentFlag(user.mfaEnabled, can.mfa), // MFADeviceActive
    // AbnormalLoginsNumWithin30Days: a count (abnormal-logins.ts); not_supported for a type that cannot sign in.
    canSignIn || user.abnormalLogins30d > 0 ? String(user.abnormalLogins30d) : NOT_SUPPORTED,
    ...tencentKeyCells(user, 0, generatedAtMs),
    ...tencentKeyCells(user, 1, generatedAtMs),
  ];
}

/** AccessKey<n>SecretId, MayBeAtRisk, CreationTime, Status, lastUsedDate, CreatedOver90Days, CreatedOver30Days:
 *  all N/A for no key (not_supported for a type that cannot have keys). */
function tencentKeyCells(user: ReportUser, index: number, generatedAtMs: number): string[] {
  const key: ReportKey | undefined = user.accessKeys[index];
  if (!key) {
    const none = capabilitiesOf(user.userType).keys ? NOT_APPLICABLE : NOT_SUPPORTED;
    return [none, none, none, none, none, none, none];
  }
  return [
    key.accessKeyId, // SecretId
    TF(key.atRisk), // MayBeAtRisk: the AccessKey inventory's "may be at risk" (lib/domain/key-risk.ts)
    tencentTime(key.createdAt), // CreationTime
    key.status === "Active" ? "Active" : "Disable", // Status, in Tencent's spelling
    key.lastUsedAt ? tencentTime(key.lastUsedAt) : NOT_APPLICABLE, // lastUsedDate: N/A when never used (as AWS)
    TF(createdOver(key.createdAt, generatedAtMs, ROTATION_DAYS)), // CreatedOver90Days: strictly more than 90 × 24 h
    TF(createdOver(key.createdAt, generatedAtMs, CREATED_DAYS)), // CreatedOver30Days: strictly more than 30 × 24 h
  ];
}

/** `acs:ram::<accountId>:root` / `acs:ram::<accountId>:user/<userName>`: the account is Alibaba-style (RAM), so
 *  its ARNs are Alibaba Cloud Resource Names, shaped exactly like the AWS ones the layout's tools expect. */
export function userArn(accountId: string, user: ReportUser): string {
  return user.userType === "Root" ? `acs:ram::${accountId}:root` : `acs:ram::${accountId}:user/${user.userName}`;
}

/** The AWS layout's 22 cells. */
function awsCells(snapshot: ReportSnapshot, user: ReportUser): string[] {
  const can = capabilitiesOf(user.userType);
  const root = user.userType === "Root";
  // Root (as in AWS), Collaborators and MessageReceivers: the account does not manage a password for them.
  const passwordManaged = !root && (can.password || user.passwordEnabled);
  const nextRotation =
    user.passwordEnabled && user.passwordChangedAt && snapshot.passwordRotationDays
      ? awsTime(new Date(Date.parse(user.passwordChangedAt) + snapshot.passwordRotationDays * DAY_MS).toISOString())
      : NOT_APPLICABLE;
  return [
    root ? AWS_ROOT_USER : user.userName, // user
    userArn(snapshot.accountId, user), // arn
    awsTime(user.createdAt), // user_creation_time
    passwordManaged ? tf(user.passwordEnabled) : NOT_SUPPORTED, // password_enabled
    // password_last_used: a time (root's too, as in AWS); no_information for a password never used; N/A with no
    // password, which is what AWS writes for every user without one (never not_supported in this column).
    user.passwordLastUsedAt ? awsTime(user.passwordLastUsedAt) : user.passwordEnabled ? NO_INFORMATION : NOT_APPLICABLE,
    // password_last_changed: a time; N/A with no password or no known change time.
    !passwordManaged
      ? NOT_SUPPORTED
      : user.passwordEnabled && user.passwordChangedAt
        ? awsTime(user.passwordChangedAt)
        : NOT_APPLICABLE,
    // password_next_rotation: the last change plus the password policy's rotation period; N/A when either is missing.
    passwordManaged ? nextRotation : NOT_SUPPORTED,
    tf(user.mfaEnabled), // mfa_active: always true / false, as AWS writes it for every row
    ...awsKeyCells(user, 0),
    ...awsKeyCells(user, 1),
    // cert_1_active, cert_1_last_rotated, cert_2_active, cert_2_last_rotated: Keytrail has no signing
    // certificates, so false / N/A, as for AWS users without one.
    "false",
    NOT_APPLICABLE,
    "false",
    NOT_APPLICABLE,
  ];
}

/** access_key_<n>_active, _last_rotated, _last_used_date, _last_used_region, _last_used_service: active is true
 *  only for an Active key; last_rotated is the creation time of any existing key (AWS shows it for inactive keys
 *  too); the last-used date / region / service are N/A for a key never used, as in AWS (never no_information for
 *  keys), and region / service are N/A when the last use had none (a global service). */
function awsKeyCells(user: ReportUser, index: number): string[] {
  const key: ReportKey | undefined = user.accessKeys[index];
  if (!key) return ["false", NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
  const used = key.lastUsedAt !== null;
  return [
    tf(key.status === "Active"),
    awsTime(key.createdAt),
    used ? awsTime(key.lastUsedAt!) : NOT_APPLICABLE,
    (used && key.lastUsedRegion) || NOT_APPLICABLE,
    (used && key.lastUsedService) || NOT_APPLICABLE,
  ];
}

/** One user's cells in column order. */
export function reportRow(snapshot: ReportSnapshot, user: ReportUser, format: ReportFormat): string[] {
  return format === "aws" ? awsCells(snapshot, user) : tencentCells(snapshot, user, Date.parse(snapshot.generatedAt));
}

/** One record per user (keyed by column), in the snapshot's order: what the page's preview table shows. */
export function reportRecords(snapshot: ReportSnapshot, format: ReportFormat): Record<ReportColumn, string>[] {
  const columns = reportColumns(format);
  return snapshot.users.map((user) => {
    const cells = reportRow(snapshot, user, format);
    return Object.fromEntries(columns.map((column, i) => [column, cells[i]])) as Record<ReportColumn, string>;
  });
}

/** The whole report as cells: the header row first, then one row per user in the snapshot's order. */
export function reportRows(snapshot: ReportSnapshot, format: ReportFormat): string[][] {
  const generatedAtMs = Date.parse(snapshot.generatedAt);
  const cells =
    format === "aws"
      ? (user: ReportUser) => awsCells(snapshot, user)
      : (user: ReportUser) => tencentCells(snapshot, user, generatedAtMs);
  return [[...reportColumns(format)], ...snapshot.users.map(cells)];
}
