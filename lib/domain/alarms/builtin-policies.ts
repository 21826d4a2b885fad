// The built-in alarm policies, on by default. Written against the normalised event so one condition serves AWS
// CloudTrail, Alibaba ActionTrail, Tencent CloudAudit and Keytrail's own console events; a "raw." field appears
// only where one source's record says something the normalised event does not (noted at each use).
//
// How the sources spell what these policies look at:
//   console sign-in   CloudTrail and CloudAudit "ConsoleLogin"; ActionTrail and Keytrail "ConsoleSignin"
//                     (ConsoleSignout shares ActionTrail's and Keytrail's eventType, not the name).
//   success           errorCode absent: the normalisers set it for every failure, including CloudTrail's failed
//                     ConsoleLogin (responseElements.ConsoleLogin "Failure") and CloudAudit's non-zero ErrorCode.
//   root identity     CloudTrail, CloudAudit and Keytrail "Root"; ActionTrail "root-account".
//   MFA at sign-in    userIdentity.mfaUsed: CloudTrail additionalEventData.MFAUsed, ActionTrail isMFAChecked,
//                     CloudAudit sessionContext.mfa, Keytrail whether the MFA code was asked; null = unknown.
import {
  FAILED_BURST_COUNT,
  FAILED_BURST_MINUTES,
  SIGNIN_EVENT_NAMES,
} from "@/lib/domain/credential-report/abnormal-logins";
import type { Condition, FieldCondition, Scalar } from "./condition";
import type { AlarmPolicyDefinition } from "./policy";

const is = (field: string, ...values: Scalar[]): FieldCondition => ({ field, op: "equals", values });
const present = (field: string): FieldCondition => ({ field, op: "exists", values: [true] });
const absent = (field: string): FieldCondition => ({ field, op: "exists", values: [false] });

export const CONSOLE_SIGNIN_EVENT_NAMES: readonly string[] = SIGNIN_EVENT_NAMES;
export const ROOT_IDENTITY_TYPES = ["Root", "root-account"] as const;

const signin = is("eventName", ...CONSOLE_SIGNIN_EVENT_NAMES);
const succeeded = absent("errorCode");

/**
 * A successful console sign-in without MFA. MFA done elsewhere does not count as missing (AWS only, read from
 * the raw record because the normalised event cannot say it): a console session opened from a session that
 * used MFA (MFAUsed "No" but sessionContext mfaAuthenticated "true"), a SAML federation sign-in (the IdP does
 * MFA), and IAM Identity Center (an "AWSReservedSSO_" role). The policy form offers this as one checkbox.
 */
export const SIGNIN_WITHOUT_MFA_CONDITION: Condition = {
  all: [
    signin,
    succeeded,
    is("userIdentity.mfaUsed", false),
    { not: is("raw.userIdentity.sessionContext.attributes.mfaAuthenticated", true) },
    { not: present("raw.additionalEventData.SamlProviderArn") },
    { not: { field: "raw.userIdentity.arn", op: "contains", values: ["AWSReservedSSO_"] } },
  ],
};

/** Services whose events grant identities or permissions. CreateUser and friends exist in other services too
 *  (Amazon MQ, Transfer Family, ElastiCache users), so the event names only count in these. */
export const IDENTITY_SERVICES = ["iam", "ram", "ims", "cam", "keytrail"] as const;

/**
 * Privilege changes: an identity, credential or permission granted (the privilege-escalation paths of IAM-style
 * services). Removals (Detach*, Delete*) take privilege away and are not here; neither are permissions
 * boundaries, RAM UpdateRole (mostly descriptions) or a user's change of their own password (ChangePassword).
 */
export const PRIVILEGE_CHANGE_EVENT_NAMES = [
  // A new identity: AWS IAM, Alibaba RAM/IMS and Keytrail CreateUser; Tencent CAM AddUser.
  "CreateUser",
  "AddUser",
  // A new credential: an AccessKey everywhere; a console password set for a user (AWS, Alibaba, Keytrail).
  "CreateAccessKey",
  "CreateLoginProfile",
  "UpdateLoginProfile",
  // A policy attached: AWS IAM and Tencent CAM; Alibaba RAM's names.
  "AttachUserPolicy",
  "AttachRolePolicy",
  "AttachGroupPolicy",
  "AttachPolicyToUser",
  "AttachPolicyToRole",
  "AttachPolicyToGroup",
  // An inline policy written (AWS IAM).
  "PutUserPolicy",
  "PutRolePolicy",
  "PutGroupPolicy",
  // A policy's permissions changed: a new or default version (AWS, Alibaba, Tencent), CAM's UpdatePolicy.
  "CreatePolicyVersion",
  "SetDefaultPolicyVersion",
  "UpdatePolicy",
  // Membership of a group (its policies) and who may assume a role.
  "AddUserToGroup",
  "UpdateAssumeRolePolicy",
] as const;

/** Logging stopped or a trail deleted: CloudTrail and ActionTrail StopLogging / DeleteTrail; CloudAudit StopLogging,
 *  DeleteAudit (the older API) and DeleteAuditTrack. */
export const LOGGING_STOPPED_EVENT_NAMES = ["StopLogging", "DeleteTrail", "DeleteAudit", "DeleteAuditTrack"] as const;

export interface BuiltinPolicy extends AlarmPolicyDefinition {
  /** Stable identifier: stored alarms and per-installation overrides refer to it. Never reuse or rename one. */
  key: BuiltinPolicyKey;
  enabledByDefault: boolean;
}

export const BUILTIN_POLICY_KEYS = [
  "root-signin",
  "signin-without-mfa",
  "privilege-change",
  "logging-disabled",
  "failed-signin-burst",
  "access-key-new-ip",
] as const;
export type BuiltinPolicyKey = (typeof BUILTIN_POLICY_KEYS)[number];

export const BUILTIN_POLICIES: readonly BuiltinPolicy[] = [
  {
    key: "root-signin",
    name: "Root account sign-in",
    description:
      "The root account signed in to a console. Day-to-day work should use named users; failed root sign-ins " +
      "are counted by the failed sign-in burst policy.",
    severity: "high",
    enabledByDefault: true,
    condition: { all: [signin, succeeded, is("userIdentity.type", ...ROOT_IDENTITY_TYPES)] },
    threshold: null,
  },
  {
    key: "signin-without-mfa",
    name: "Console sign-in without MFA",
    description:
      "A successful console sign-in that did not use MFA. Sign-ins whose MFA is done elsewhere (SAML federation, " +
      "IAM Identity Center, a session that already used MFA) and sign-ins whose MFA use is unknown do not count.",
    severity: "medium",
    enabledByDefault: true,
    condition: SIGNIN_WITHOUT_MFA_CONDITION,
    threshold: null,
  },
  {
    key: "privilege-change",
    name: "Privilege change",
    description:
      "A user or AccessKey was created, a user's console password set, a policy attached, written or changed, a " +
      "user added to a group or a role's trust policy changed (AWS IAM, Alibaba RAM/IMS, Tencent CAM, Keytrail), " +
      "or in Keytrail a console role or team lead granted.",
    severity: "medium",
    enabledByDefault: true,
    condition: {
      all: [
        succeeded,
        {
          any: [
            { all: [is("service", ...IDENTITY_SERVICES), is("eventName", ...PRIVILEGE_CHANGE_EVENT_NAMES)] },
            // Keytrail records a console role change as UpdateUser with NewConsoleRole (null when taken away).
            {
              all: [
                is("service", "keytrail"),
                is("eventName", "UpdateUser"),
                present("requestParameters.NewConsoleRole"),
              ],
            },
            // A team lead reviews the activity of the group's members.
            {
              all: [
                is("service", "keytrail"),
                is("eventName", "UpdateGroupMember"),
                is("requestParameters.IsLead", true),
              ],
            },
          ],
        },
      ],
    },
    threshold: null,
  },
  {
    key: "logging-disabled",
    name: "Audit logging disabled",
    description:
      "A trail was stopped or deleted (CloudTrail, ActionTrail, CloudAudit), CloudTrail event selectors stopped " +
      "logging management events, or a CloudAudit tracking set was switched off.",
    severity: "critical",
    enabledByDefault: true,
    condition: {
      all: [
        succeeded,
        {
          any: [
            is("eventName", ...LOGGING_STOPPED_EVENT_NAMES),
            {
              all: [
                is("eventName", "PutEventSelectors"),
                // A selector that drops management events; with none stated (advanced selectors only) we cannot
                // tell, and a change to what is logged is worth a look.
                {
                  any: [
                    is("requestParameters.eventSelectors.includeManagementEvents", false),
                    absent("requestParameters.eventSelectors.includeManagementEvents"),
                  ],
                },
              ],
            },
            // CloudAudit: Status 0 is "not enabled".
            { all: [is("eventName", "ModifyAuditTrack", "ModifyEventsAuditTrack"), is("requestParameters.Status", 0)] },
          ],
        },
      ],
    },
    threshold: null,
  },
  {
    key: "failed-signin-burst",
    name: "Burst of failed sign-ins",
    description:
      `${FAILED_BURST_COUNT} or more failed console sign-ins for one user within ${FAILED_BURST_MINUTES} minutes: ` +
      "password guessing. The credential report counts the same burst as an abnormal sign-in.",
    severity: "medium",
    enabledByDefault: true,
    condition: { all: [signin, present("errorCode")] },
    // "More than count": FAILED_BURST_COUNT - 1 makes it FAILED_BURST_COUNT or more, as the credential report.
    threshold: { count: FAILED_BURST_COUNT - 1, windowMinutes: FAILED_BURST_MINUTES, per: "user" },
  },
  {
    key: "access-key-new-ip",
    name: "AccessKey used from a new IP",
    description:
      "A successful call with an AccessKey from a source IP the key has never been used from before (a key " +
      "that was never used before has no baseline and does not count).",
    severity: "medium",
    enabledByDefault: true,
    // The history lookup comes last: `all` stops at the first cheap field that rules the event out.
    condition: {
      all: [succeeded, present("userIdentity.accessKeyId"), present("sourceIpAddress"), { newAccessKeyIp: true }],
    },
    threshold: null,
  },
];

export function builtinPolicy(key: string): BuiltinPolicy | undefined {
  return BUILTIN_POLICIES.find((policy) => policy.key === key);
}
