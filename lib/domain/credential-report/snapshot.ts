// What a credential report is computed from: every user of the account (recycle bin excluded) with their up to
// two AccessKeys, taken at one instant. A report is stored as this snapshot; each layout (Tencent CAM, AWS IAM)
// is rendered from it deterministically, so asking again within 4 hours returns identical bytes.

export const REPORT_FORMATS = ["tencent", "aws"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === "string" && (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface ReportKey {
  accessKeyId: string;
  /** ISO-8601 */
  createdAt: string;
  status: "Active" | "Disabled";
  /** ISO-8601 of the last use (authentication failures excluded), or null when never used. */
  lastUsedAt: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
  /** The AccessKey inventory's "may be at risk" (lib/domain/key-risk.ts). */
  atRisk: boolean;
}

export interface ReportUser {
  userName: string;
  /** Root | SubUser | Collaborator | MessageReceiver */
  userType: string;
  /** ISO-8601 */
  createdAt: string;
  /** A console password is set. */
  passwordEnabled: boolean;
  passwordChangedAt: string | null;
  passwordLastUsedAt: string | null;
  consoleAccess: boolean;
  loginProtection: boolean;
  operationProtection: boolean;
  mfaEnabled: boolean;
  /** Abnormal console sign-ins in the 30 days before the snapshot (lib/domain/credential-report/abnormal-logins.ts). */
  abnormalLogins30d: number;
  /** At most two, oldest first (AccessKey1, AccessKey2). */
  accessKeys: ReportKey[];
}

export interface ReportSnapshot {
  accountId: string;
  accountName: string;
  /** ISO-8601: when the report was generated (the `now` every figure is relative to). */
  generatedAt: string;
  /** Days after a password change when the next is due (the password policy), or null when no rotation is set. */
  passwordRotationDays: number | null;
  /** Sorted by user name; the root user first. */
  users: ReportUser[];
}
