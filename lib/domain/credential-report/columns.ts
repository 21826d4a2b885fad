// The credential report's two layouts, column for column: Tencent CAM's (the default) and AWS IAM's, exactly as
// the two clouds write them (the AWS header is byte-for-byte that of the real reports in
// tests/fixtures/datasets/aws-iam-credential-report/csv/).
import type { ReportFormat } from "./snapshot";

export const TENCENT_COLUMNS = [
  "AccountID",
  "Username",
  "UserType",
  "CreationTime",
  "PasswordEnabled",
  "PasswordLastRotation",
  "LoginConsoleActive",
  "LoginProtectionActive",
  "OperationProtectionActive",
  "MFADeviceActive",
  "AbnormalLoginsNumWithin30Days",
  "AccessKey1SecretId",
  "AccessKey1MayBeAtRisk",
  "AccessKey1CreationTime",
  "AccessKey1Status",
  "AccessKey1lastUsedDate",
  "AccessKey1CreatedOver90Days",
  "AccessKey1CreatedOver30Days",
  "AccessKey2SecretId",
  "AccessKey2MayBeAtRisk",
  "AccessKey2CreationTime",
  "AccessKey2Status",
  "AccessKey2lastUsedDate",
  "AccessKey2CreatedOver90Days",
  "AccessKey2CreatedOver30Days",
] as const;

export const AWS_COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
] as const;

export type TencentColumn = (typeof TENCENT_COLUMNS)[number];
export type AwsColumn = (typeof AWS_COLUMNS)[number];
export type ReportColumn = TencentColumn | AwsColumn;

export function reportColumns(format: ReportFormat): readonly ReportColumn[] {
  return format === "aws" ? AWS_COLUMNS : TENCENT_COLUMNS;
}
