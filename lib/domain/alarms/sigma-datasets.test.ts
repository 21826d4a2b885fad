// The SigmaHQ AWS CloudTrail rules (tests/fixtures/datasets/sigma-aws-cloudtrail-rules) imported and run over real attack
// logs: Stratus Red Team's per-technique detonation logs and Invictus IR's Stratus run on one account. Every event
// goes through the real normaliser and evaluator. The counts below were computed once and then checked by hand
// against the records (eventName, userAgent, errorCode, requestParameters).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { DATASETS } from "@/tests/fixtures/datasets";
import { beforeAll, describe, expect, it } from "vitest";
import type { NormalisedEvent } from "@/lib/domain/event";
import { normaliseCloudTrail } from "@/lib/domain/normalise/cloudtrail";
import { AlarmSubject, matches, type Condition, type FieldCondition } from "./condition";
import { parseSigmaRule, type SigmaPolicy } from "./sigma";

const RULES_DIR = path.join(DATASETS, "sigma-aws-cloudtrail-rules");
const STRATUS_DIR = path.join(DATASETS, "stratus-red-team-detonation-logs");
const INVICTUS_DIR = path.join(DATASETS, "invictus-aws-cloudtrail/CloudTrail");

type Rec = Record<string, unknown>;

function subjectOf(record: Rec): AlarmSubject {
  const result = normaliseCloudTrail(record, JSON.stringify(record));
  if (!result.ok) throw new Error(`normaliser refused ${String(record.eventID)}: ${result.reason}`);
  return new AlarmSubject(result.event);
}

const ruleFiles = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort();
const parsedRules = ruleFiles.map((file) => ({
  file,
  result: parseSigmaRule(readFileSync(path.join(RULES_DIR, file), "utf8")),
}));
const rules = new Map<string, SigmaPolicy>(
  parsedRules.flatMap(({ file, result }) => (result.ok ? [[file, result.rule]] : [])),
);

/** How many of the subjects each rule fires on (rules with no match left out). */
function firing(subjects: AlarmSubject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [file, rule] of rules) {
    const n = subjects.filter((s) => matches(rule.definition.condition, s)).length;
    if (n > 0) counts[file] = n;
  }
  return counts;
}

function fieldConditions(condition: Condition): FieldCondition[] {
  if ("all" in condition) return condition.all.flatMap(fieldConditions);
  if ("any" in condition) return condition.any.flatMap(fieldConditions);
  if ("not" in condition) return fieldConditions(condition.not);
  return "field" in condition ? [condition] : [];
}

describe("the 57 SigmaHQ AWS CloudTrail rules", () => {
  /** Rules refused, with the exact reason. None: every rule stays within what the importer supports. */
  const REFUSED: Record<string, string> = {};

  it("all parse; none is refused", () => {
    expect(ruleFiles).toHaveLength(57);
    const refused = Object.fromEntries(
      parsedRules.flatMap(({ file, result }) => (result.ok ? [] : [[file, result.error]])),
    );
    expect(refused).toEqual(REFUSED);
    expect(rules.size).toBe(57);
  });

  it("keep attribution and metadata, and address only the raw record", () => {
    for (const [file, rule] of rules) {
      expect(rule.author, file).toMatch(/\S/);
      expect(rule.references.length, file).toBeGreaterThan(0);
      expect(rule.sigmaId, file).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(rule.definition.name).toBe(rule.title);
      expect(rule.definition.threshold).toBeNull();
      for (const condition of fieldConditions(rule.definition.condition))
        expect(condition.field, file).toMatch(/^raw\./);
    }
    const count = (key: "level" | "status") =>
      [...rules.values()].reduce<Record<string, number>>(
        (acc, r) => ({ ...acc, [String(r[key])]: (acc[String(r[key])] ?? 0) + 1 }),
        {},
      );
    expect(count("level")).toEqual({ medium: 28, high: 16, low: 13 });
    expect(count("status")).toEqual({ test: 40, experimental: 15, stable: 2 });
  });

  it("translate the rules that use modifiers, null, wildcards and fieldref as Sigma means them", () => {
    const condition = (file: string) => rules.get(file)!.definition.condition;
    // Literal value, not a field reference: the upstream rule compares the ARN with the text
    // "responseElements.accessKey.userName", so its filter never excludes anything (see the final report).
    expect(condition("aws_iam_backdoor_users_keys.yml")).toEqual({
      all: [
        { field: "raw.eventSource", op: "equals", values: ["iam.amazonaws.com"] },
        { field: "raw.eventName", op: "equals", values: ["CreateAccessKey"] },
        { not: { field: "raw.userIdentity.arn", op: "contains", values: ["responseElements.accessKey.userName"] } },
      ],
    });
    expect(condition("aws_update_login_profile.yml")).toEqual({
      all: [
        { field: "raw.eventSource", op: "equals", values: ["iam.amazonaws.com"] },
        { field: "raw.eventName", op: "equals", values: ["UpdateLoginProfile"] },
        { not: { field: "raw.userIdentity.arn", op: "equalsField", values: ["raw.requestParameters.userName"] } },
      ],
    });
    // "contains: '*'" is "any value"; "1 of filter*" takes filter1..3.
    expect(condition("aws_ec2_vm_export_failure.yml")).toEqual({
      all: [
        { field: "raw.eventName", op: "equals", values: ["CreateInstanceExportTask"] },
        { field: "raw.eventSource", op: "equals", values: ["ec2.amazonaws.com"] },
        {
          not: {
            any: [
              { field: "raw.errorMessage", op: "regex", values: ["^[\\s\\S]*$"] },
              { field: "raw.errorCode", op: "regex", values: ["^[\\s\\S]*$"] },
              { field: "raw.responseElements", op: "contains", values: ["Failure"] },
            ],
          },
        },
      ],
    });
    expect(condition("aws_cloudtrail_vpc_flow_logs_deleted.yml")).toEqual({
      all: [
        { field: "raw.eventName", op: "equals", values: ["DeleteFlowLogs"] },
        {
          any: [
            { field: "raw.errorCode", op: "equals", values: ["Success"] },
            { field: "raw.errorCode", op: "equals", values: [null] },
          ],
        },
      ],
    });
    // A wildcard inside a "contains|all" value becomes a regex; the others stay "contains", all required.
    expect(condition("aws_iam_s3browser_templated_s3_bucket_policy_creation.yml")).toEqual({
      all: [
        { field: "raw.eventSource", op: "equals", values: ["iam.amazonaws.com"] },
        { field: "raw.eventName", op: "equals", values: ["PutUserPolicy"] },
        { field: "raw.userAgent", op: "contains", values: ["S3 Browser"] },
        {
          field: "raw.requestParameters",
          op: "regex",
          values: ['^[\\s\\S]*"arn:aws:s3:::<YOUR-BUCKET-NAME>\\/[\\s\\S]*"[\\s\\S]*$'],
        },
        { field: "raw.requestParameters", op: "contains", values: ['"s3:GetObject"', '"Allow"'], matchAll: true },
      ],
    });
  });
});

describe("Stratus Red Team detonation logs", () => {
  const techniques = new Map<string, AlarmSubject[]>(
    readdirSync(STRATUS_DIR)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => [
        f.replace(/\.json$/, ""),
        (JSON.parse(readFileSync(path.join(STRATUS_DIR, f), "utf8")) as Rec[]).map(subjectOf),
      ]),
  );

  /** Technique -> the Sigma rule written for what it does, and how many of its events fire that rule. */
  const CORRESPONDING: Record<string, Record<string, number>> = {
    // The technique runs its command on the instance through SSM SendCommand (succeeds).
    "aws.credential-access.ec2-steal-instance-credentials": { "aws_cloudtrail_ssm_malicious_usage.yml": 1 },
    "aws.defense-evasion.cloudtrail-delete": { "aws_cloudtrail_disable_logging.yml": 1 },
    "aws.defense-evasion.cloudtrail-stop": { "aws_cloudtrail_disable_logging.yml": 1 },
    "aws.defense-evasion.vpc-remove-flow-logs": { "aws_cloudtrail_vpc_flow_logs_deleted.yml": 1 },
    "aws.execution.ssm-send-command": { "aws_cloudtrail_ssm_malicious_usage.yml": 1 },
    "aws.exfiltration.ec2-security-group-open-port-22-ingress": {
      "aws_cloudtrail_security_group_change_ingress_egress.yml": 1,
    },
    "aws.exfiltration.ec2-share-ebs-snapshot": { "aws_snapshot_backup_exfiltration.yml": 1 },
    "aws.initial-access.console-login-without-mfa": { "aws_cloudtrail_console_login_success_without_mfa.yml": 1 },
    "aws.persistence.iam-backdoor-user": { "aws_iam_backdoor_users_keys.yml": 1 },
    // CreateUser, then CreateAccessKey for that new user by another identity: the rule's "key for another user".
    "aws.persistence.iam-create-admin-user": { "aws_iam_backdoor_users_keys.yml": 1 },
    // eventName UpdateFunctionConfiguration20150331v2, requestParameters.layers set.
    "aws.persistence.lambda-layer-extension": { "aws_new_lambda_layer_attached.yml": 1 },
    "aws.privilege-escalation.iam-update-user-login-profile": { "aws_update_login_profile.yml": 1 },
  };

  /** A rule meant for the technique that does not fire on its record, and why. */
  const NEAR_MISSES = {
    "aws.execution.ec2-user-data": {
      rule: "aws_ec2_startup_script_change.yml",
      why: 'the rule wants requestParameters.attribute = "userData"; this ModifyInstanceAttribute sends requestParameters.userData',
    },
    "aws.credential-access.ec2-steal-instance-credentials": {
      rule: "aws_cloudtrail_imds_malicious_usage.yml",
      why:
        "the rule matches the instance identity role (assumed-role/aws:ec2-instance/...); " +
        "the stolen credentials are those of an instance-profile role",
    },
  };

  /** Techniques no rule of the set is written for (nothing on their eventNames, or only under other conditions). */
  const NO_RULE = [
    "aws.credential-access.ec2-get-password-data",
    "aws.credential-access.secretsmanager-batch-retrieve-secrets",
    "aws.credential-access.secretsmanager-retrieve-secrets",
    "aws.credential-access.ssm-retrieve-securestring-parameters",
    "aws.defense-evasion.cloudtrail-event-selectors", // PutEventSelectors: disable_logging names StopLogging/UpdateTrail/DeleteTrail only
    "aws.defense-evasion.dns-delete-logs",
    "aws.defense-evasion.organizations-leave",
    "aws.discovery.ec2-download-user-data",
    "aws.execution.ec2-launch-unusual-instances",
    "aws.execution.ssm-start-session",
    "aws.exfiltration.ec2-share-ami", // ModifyImageAttribute; snapshot_backup_exfiltration is ModifySnapshotAttribute only
    "aws.exfiltration.rds-share-snapshot", // ModifyDBSnapshotAttribute
    "aws.impact.bedrock-invoke-model", // the bedrock rules are about guardrails
    "aws.lateral-movement.ec2-instance-connect",
    "aws.lateral-movement.ec2-serial-console-send-ssh-public-key",
    "aws.persistence.iam-backdoor-role",
    "aws.persistence.iam-create-backdoor-role",
    "aws.persistence.iam-create-user-login-profile", // s3browser_loginprofile_creation needs the "S3 Browser" user agent
    "aws.persistence.lambda-backdoor-function", // AddPermission; lambda_function_url is CreateFunctionUrlConfig
    "aws.persistence.lambda-overwrite-code",
    "aws.persistence.rolesanywhere-create-trust-anchor",
    "aws.persistence.sts-federation-token",
  ];

  /** Matches that are no correspondence: aws_sts_assumerole_misuse (level low) fires on every call made by an
   *  assumed-role session whose issuer is a role, which is how these techniques (or their helpers) run. */
  const INCIDENTAL: Record<string, Record<string, number>> = {
    "aws.credential-access.ec2-get-password-data": { "aws_sts_assumerole_misuse.yml": 30 },
    "aws.credential-access.ec2-steal-instance-credentials": { "aws_sts_assumerole_misuse.yml": 2 },
    "aws.defense-evasion.organizations-leave": { "aws_sts_assumerole_misuse.yml": 1 },
    "aws.discovery.ec2-download-user-data": { "aws_sts_assumerole_misuse.yml": 15 },
    "aws.execution.ec2-launch-unusual-instances": { "aws_sts_assumerole_misuse.yml": 1 },
    "aws.impact.bedrock-invoke-model": { "aws_sts_assumerole_misuse.yml": 15 },
    "aws.lateral-movement.ec2-serial-console-send-ssh-public-key": { "aws_sts_assumerole_misuse.yml": 4 },
  };

  it("loads 310 events in 35 techniques, each through the normaliser", () => {
    expect(techniques.size).toBe(35);
    expect([...techniques.values()].reduce((n, s) => n + s.length, 0)).toBe(310);
    const classified = [...Object.keys(CORRESPONDING), "aws.execution.ec2-user-data", ...NO_RULE];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual([...techniques.keys()]);
  });

  it.each(Object.entries(CORRESPONDING))("%s fires its rule", (technique, expected) => {
    const subjects = techniques.get(technique)!;
    for (const [file, count] of Object.entries(expected)) {
      expect(subjects.filter((s) => matches(rules.get(file)!.definition.condition, s)).length, file).toBe(count);
    }
  });

  it.each(Object.entries(NEAR_MISSES).map(([technique, { rule, why }]) => [technique, rule, why]))(
    "%s: %s does not fire (%s)",
    (technique, rule) => {
      const condition = rules.get(rule)!.definition.condition;
      expect(techniques.get(technique)!.filter((s) => matches(condition, s))).toHaveLength(0);
    },
  );

  it("aws_ec2_startup_script_change fires on the same call written the way the rule expects", () => {
    const record = (
      JSON.parse(readFileSync(path.join(STRATUS_DIR, "aws.execution.ec2-user-data.json"), "utf8")) as Rec[]
    ).find((r) => r.eventName === "ModifyInstanceAttribute")!;
    const rewritten = {
      ...record,
      requestParameters: { instanceId: "i-0abc", attribute: "userData", value: "<sensitiveDataRemoved>" },
    };
    const condition = rules.get("aws_ec2_startup_script_change.yml")!.definition.condition;
    expect(matches(condition, subjectOf(record))).toBe(false);
    expect(matches(condition, subjectOf(rewritten))).toBe(true);
  });

  it("every (technique, rule) match is a correspondence or the assumed-role rule: 80 matches in all", () => {
    const expected: Record<string, Record<string, number>> = {};
    for (const technique of techniques.keys()) {
      const entry = { ...CORRESPONDING[technique], ...INCIDENTAL[technique] };
      if (Object.keys(entry).length > 0) expected[technique] = entry;
    }
    const actual: Record<string, Record<string, number>> = {};
    for (const [technique, subjects] of techniques) {
      const counts = firing(subjects);
      if (Object.keys(counts).length > 0) actual[technique] = counts;
    }
    expect(actual).toEqual(expected);
    const total = Object.values(actual).reduce((n, counts) => n + Object.values(counts).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(80); // 12 correspondences + 68 assumed-role calls
  });

  it("no rule is trivially true: none fires on every event, and none but the assumed-role rule on an unrelated technique", () => {
    const all = [...techniques.values()].flat();
    for (const [file, rule] of rules) {
      expect(all.filter((s) => matches(rule.definition.condition, s)).length, file).toBeLessThan(all.length);
    }
    for (const [technique, subjects] of techniques) {
      for (const [file, rule] of rules) {
        if (file === "aws_sts_assumerole_misuse.yml" || CORRESPONDING[technique]?.[file] !== undefined) continue;
        expect(subjects.filter((s) => matches(rule.definition.condition, s)).length, `${file} on ${technique}`).toBe(0);
      }
    }
    // Calls by IAM users (most techniques' own calls) never fire the assumed-role rule.
    const assumed = rules.get("aws_sts_assumerole_misuse.yml")!.definition.condition;
    const iamUserCalls = all.filter((s) => s.event.userIdentity.type === "IAMUser");
    expect(iamUserCalls.length).toBeGreaterThan(100);
    expect(iamUserCalls.filter((s) => matches(assumed, s))).toHaveLength(0);
  });
});

describe("Invictus IR: a Stratus run on one AWS account (2023-07-10)", () => {
  let subjects: AlarmSubject[] = [];
  beforeAll(() => {
    subjects = readdirSync(INVICTUS_DIR)
      .sort()
      .flatMap((f) => (JSON.parse(readFileSync(path.join(INVICTUS_DIR, f), "utf8")) as { Records: Rec[] }).Records)
      .map(subjectOf);
  });
  /** Stratus calls AWS with the user agent "stratus-red-team_<run id>" (S3 wraps it in brackets); its Terraform
   *  set-up and clean-up append the same id to Terraform's own agent, so those are left out. */
  const isDetonation = (e: NormalisedEvent) =>
    (e.userAgent ?? "").includes("stratus-red-team_") && !(e.userAgent ?? "").includes("Terraform");
  const param = (e: NormalisedEvent, key: string) => JSON.stringify(e.requestParameters?.[key] ?? null);

  /** Technique -> its detonation events in this account, the rule meant for it, and how many of them fire it. */
  interface InvictusTechnique {
    technique: string;
    rule: string;
    select: (e: NormalisedEvent) => boolean;
    events: number;
    fired: number;
  }
  const TECHNIQUES: InvictusTechnique[] = [
    {
      technique: "aws.defense-evasion.cloudtrail-delete",
      rule: "aws_cloudtrail_disable_logging.yml",
      select: (e) => e.eventName === "DeleteTrail",
      events: 1,
      fired: 1,
    },
    // Detonated three times on the same trail.
    {
      technique: "aws.defense-evasion.cloudtrail-stop",
      rule: "aws_cloudtrail_disable_logging.yml",
      select: (e) => e.eventName === "StopLogging",
      events: 3,
      fired: 3,
    },
    {
      technique: "aws.defense-evasion.vpc-remove-flow-logs",
      rule: "aws_cloudtrail_vpc_flow_logs_deleted.yml",
      select: (e) => e.eventName === "DeleteFlowLogs",
      events: 1,
      fired: 1,
    },
    {
      technique: "aws.credential-access.ec2-steal-instance-credentials",
      rule: "aws_cloudtrail_ssm_malicious_usage.yml",
      select: (e) => e.eventName === "SendCommand" && param(e, "instanceIds") === '["i-0dbc91f429e48eeed"]',
      events: 1,
      fired: 1,
    },
    {
      // Its SendCommand failed (InvalidInstanceId: the instance was not registered with SSM yet); the rule wants success.
      technique: "aws.discovery.ec2-enumerate-from-instance",
      rule: "aws_cloudtrail_ssm_malicious_usage.yml",
      select: (e) => e.eventName === "SendCommand" && param(e, "instanceIds") === '["i-05c30218156bcc246"]',
      events: 1,
      fired: 0,
    },
    {
      // Detonation opens port 22, the revert closes it again: both change the security group.
      technique: "aws.exfiltration.ec2-security-group-open-port-22-ingress",
      rule: "aws_cloudtrail_security_group_change_ingress_egress.yml",
      select: (e) => e.eventName === "AuthorizeSecurityGroupIngress" || e.eventName === "RevokeSecurityGroupIngress",
      events: 2,
      fired: 2,
    },
    // Detonation shares the snapshot, the revert unshares it.
    {
      technique: "aws.exfiltration.ec2-share-ebs-snapshot",
      rule: "aws_snapshot_backup_exfiltration.yml",
      select: (e) => e.eventName === "ModifySnapshotAttribute",
      events: 2,
      fired: 2,
    },
    {
      technique: "aws.initial-access.console-login-without-mfa",
      rule: "aws_cloudtrail_console_login_success_without_mfa.yml",
      select: (e) => e.eventName === "ConsoleLogin",
      events: 1,
      fired: 1,
    },
    {
      technique: "aws.persistence.iam-backdoor-user",
      rule: "aws_iam_backdoor_users_keys.yml",
      select: (e) => e.eventName === "CreateAccessKey" && param(e, "userName") === '"stratus-red-team-backdoor-u-user"',
      events: 1,
      fired: 1,
    },
    {
      technique: "aws.persistence.iam-create-admin-user",
      rule: "aws_iam_backdoor_users_keys.yml",
      select: (e) => e.eventName === "CreateAccessKey" && param(e, "userName") === '"malicious-iam-user"',
      events: 1,
      fired: 1,
    },
    {
      // Near miss: CloudTrail names the call PutBucketLifecycle; the rule lists PutLifecycleConfiguration.
      technique: "aws.defense-evasion.cloudtrail-lifecycle-rule",
      rule: "aws_s3_data_management_tampering.yml",
      select: (e) => e.eventName === "PutBucketLifecycle",
      events: 1,
      fired: 0,
    },
  ];

  it("loads 2,900 events, each through the normaliser", () => {
    expect(subjects).toHaveLength(2900);
    const detonations = subjects.filter((s) => isDetonation(s.event));
    expect(detonations).toHaveLength(214);
    expect(new Set(detonations.map((s) => s.event.userAgent)).size).toBe(80);
  });

  it.each(TECHNIQUES.map((t) => [t.technique, t] as const))("%s", (_technique, { rule, select, events, fired }) => {
    const own = subjects.filter((s) => isDetonation(s.event) && select(s.event));
    expect(own).toHaveLength(events);
    expect(own.filter((s) => matches(rules.get(rule)!.definition.condition, s))).toHaveLength(fired);
  });

  it("fires these rules on the detonations, and these on set-up, clean-up and people: 109 matches", () => {
    expect(firing(subjects.filter((s) => isDetonation(s.event)))).toEqual({
      "aws_cloudtrail_console_login_success_without_mfa.yml": 1,
      "aws_cloudtrail_disable_logging.yml": 4, // 1 DeleteTrail + 3 StopLogging
      "aws_cloudtrail_security_group_change_ingress_egress.yml": 2,
      "aws_cloudtrail_ssm_malicious_usage.yml": 1,
      "aws_cloudtrail_vpc_flow_logs_deleted.yml": 1,
      "aws_iam_backdoor_users_keys.yml": 2,
      "aws_snapshot_backup_exfiltration.yml": 2,
      // GetPasswordData 29, DescribeInstanceAttribute 15, LeaveOrganization 1, RunInstances 2 by assumed roles.
      "aws_sts_assumerole_misuse.yml": 47,
    });
    expect(firing(subjects.filter((s) => !isDetonation(s.event)))).toEqual({
      "aws_cloudtrail_bucket_deleted.yml": 5, // Terraform clean-up; 3 more DeleteBucket failed (BucketNotEmpty)
      "aws_cloudtrail_disable_logging.yml": 2, // Terraform deleting the trails of two techniques
      "aws_cloudtrail_new_route_added.yml": 6, // Terraform building VPCs
      "aws_cloudtrail_security_group_change_ingress_egress.yml": 4, // Terraform
      "aws_enum_buckets.yml": 3, // ListBuckets by IAM users (console, CloudTrail console)
      "aws_sts_assumerole_misuse.yml": 29, // the SSM agent and instance roles
    });
  });

  it("does not fire where it should not: a console sign-in with MFA, failed bucket deletions", () => {
    const withoutMfa = rules.get("aws_cloudtrail_console_login_success_without_mfa.yml")!.definition.condition;
    const logins = subjects.filter((s) => s.event.eventName === "ConsoleLogin");
    expect(logins.map((s) => [s.event.userIdentity.mfaUsed, matches(withoutMfa, s)])).toEqual([
      [false, true],
      [true, false],
    ]);
    const bucketDeleted = rules.get("aws_cloudtrail_bucket_deleted.yml")!.definition.condition;
    const deletions = subjects.filter((s) => s.event.eventName === "DeleteBucket");
    const outcome = (s: AlarmSubject) =>
      `${s.event.errorCode ?? "success"} -> ${matches(bucketDeleted, s) ? "fires" : "silent"}`;
    expect(deletions.map(outcome).sort()).toEqual([
      ...Array<string>(3).fill("BucketNotEmpty -> silent"),
      ...Array<string>(5).fill("success -> fires"),
    ]);
  });
});
