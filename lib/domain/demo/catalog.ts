// The demo's cloud: ~15 Alibaba-style services, their event names (read/write, sensitive, resource type) and how
// resource names look. Pure data plus tiny name generators driven by the caller's seeded Faker.
import type { Faker } from "@faker-js/faker";

export interface CatalogEvent {
  name: string;
  readOnly: boolean;
  sensitive?: boolean;
  /** Overrides the service's resource type; null = the operation names no resource. */
  resourceType?: string | null;
}

export interface CatalogService {
  service: string;
  eventSource: string;
  /** The resource type most of the service's events act on. */
  resourceType: string;
  /** Global services are logged in one region whatever the caller's region. */
  global?: boolean;
  /** How often keys pick this service as a favourite (relative). */
  weight: number;
  events: CatalogEvent[];
}

export interface ResourceTypeSpec {
  /** The request parameter that carries the resource's name, e.g. InstanceId. */
  param: string;
  /** A plausible resource name (directory-backed RAM types are replaced by real names by the generator). */
  name: (f: Faker) => string;
}

const lower = (f: Faker, length: number): string => f.string.alphanumeric({ length, casing: "lower" });
const pick = (f: Faker, values: readonly string[]): string => f.helpers.arrayElement(values);
const PROJECTS = ["web", "api", "billing", "search", "etl", "media", "auth", "reports", "mobile", "ml"] as const;

export const RESOURCE_TYPES: Record<string, ResourceTypeSpec> = {
  "ACS::ECS::Instance": { param: "InstanceId", name: (f) => `i-bp1${lower(f, 17)}` },
  "ACS::ECS::Disk": { param: "DiskId", name: (f) => `d-bp1${lower(f, 17)}` },
  "ACS::ECS::SecurityGroup": { param: "SecurityGroupId", name: (f) => `sg-bp1${lower(f, 17)}` },
  "ACS::OSS::Bucket": { param: "BucketName", name: (f) => `demo-corp-${pick(f, PROJECTS)}-${lower(f, 4)}` },
  "ACS::RAM::User": { param: "UserName", name: (f) => f.internet.username().toLowerCase() },
  "ACS::RAM::AccessKey": {
    param: "UserAccessKeyId",
    name: (f) => `LTAI${f.string.alphanumeric({ length: 20, casing: "upper" })}`,
  },
  "ACS::RAM::Group": { param: "GroupName", name: (f) => pick(f, PROJECTS) },
  "ACS::RAM::Policy": {
    param: "PolicyName",
    name: (f) =>
      f.datatype.boolean(0.5)
        ? pick(f, [
            "AliyunECSFullAccess",
            "AliyunOSSReadOnlyAccess",
            "AliyunRAMReadOnlyAccess",
            "AliyunLogFullAccess",
            "AdministratorAccess",
          ])
        : `demo-corp-${pick(f, PROJECTS)}-policy`,
  },
  "ACS::RAM::Role": {
    param: "RoleName",
    name: (f) => `${pick(f, PROJECTS)}-${pick(f, ["deploy", "readonly", "ops", "pipeline"])}-role`,
  },
  "ACS::RDS::DBInstance": { param: "DBInstanceId", name: (f) => `rm-bp1${lower(f, 15)}` },
  "ACS::VPC::VPC": { param: "VpcId", name: (f) => `vpc-bp1${lower(f, 17)}` },
  "ACS::VPC::VSwitch": { param: "VSwitchId", name: (f) => `vsw-bp1${lower(f, 17)}` },
  "ACS::VPC::EIP": { param: "AllocationId", name: (f) => `eip-bp1${lower(f, 17)}` },
  "ACS::SLB::LoadBalancer": { param: "LoadBalancerId", name: (f) => `lb-bp1${lower(f, 17)}` },
  "ACS::KMS::Key": { param: "KeyId", name: (f) => f.string.uuid() },
  "ACS::KMS::Secret": {
    param: "SecretName",
    name: (f) => `${pick(f, PROJECTS)}/${pick(f, ["db-password", "api-token", "smtp"])}`,
  },
  "ACS::ActionTrail::Trail": {
    param: "Name",
    name: (f) => `demo-corp-${pick(f, ["audit", "security", "all-regions", "compliance"])}-trail`,
  },
  "ACS::CMS::AlarmRule": {
    param: "RuleId",
    name: (f) => `${pick(f, PROJECTS)}-${pick(f, ["cpu", "memory", "5xx", "latency"])}-alarm`,
  },
  "ACS::CS::Cluster": {
    param: "ClusterId",
    name: (f) => `c${f.string.hexadecimal({ length: 32, casing: "lower", prefix: "" })}`,
  },
  "ACS::FC::Function": {
    param: "FunctionName",
    name: (f) => `${pick(f, PROJECTS)}-${pick(f, ["resize", "notify", "sync", "cron", "webhook"])}`,
  },
  "ACS::SLS::Project": { param: "ProjectName", name: (f) => `demo-corp-${pick(f, PROJECTS)}-logs` },
  "ACS::CDN::Domain": {
    param: "DomainName",
    name: (f) => `${pick(f, ["static", "img", "cdn", "download", "assets"])}${f.number.int(9)}.demo-corp.example`,
  },
  "ACS::DNS::Domain": {
    param: "DomainName",
    name: (f) => pick(f, ["demo-corp.example", "demo-corp-internal.example", "democorp-mail.example"]),
  },
};

const r = (name: string, resourceType?: string | null): CatalogEvent => ({ name, readOnly: true, resourceType });
const w = (name: string, resourceType?: string | null, sensitive = false): CatalogEvent => ({
  name,
  readOnly: false,
  resourceType,
  sensitive,
});
const s = (name: string, resourceType?: string | null): CatalogEvent => w(name, resourceType, true);

const USER = "ACS::RAM::User";
const KEY = "ACS::RAM::AccessKey";
const GROUP = "ACS::RAM::Group";
const POLICY = "ACS::RAM::Policy";
const ROLE = "ACS::RAM::Role";

/** The IMS (user management) event names: every one appears in the demo stream. */
export const IMS_EVENT_NAMES = [
  "AddUserToGroup",
  "BindMFADevice",
  "ChangePassword",
  "CreateAccessKey",
  "CreateGroup",
  "CreateLoginProfile",
  "CreateUser",
  "CreateVirtualMFADevice",
  "DeleteAccessKey",
  "DeleteGroup",
  "DeleteLoginProfile",
  "DeleteUser",
  "DeleteUserInRecycleBin",
  "DisableVirtualMFA",
  "GenerateCredentialReport",
  "GetAccessKeyLastUsed",
  "GetCredentialReport",
  "GetUser",
  "ListAccessKeys",
  "ListGroups",
  "ListUsers",
  "RemoveUserFromGroup",
  "RestoreUserFromRecycleBin",
  "SetPasswordPolicy",
  "SetSecurityPreference",
  "UnbindMFADevice",
  "UpdateAccessKey",
  "UpdateGroup",
  "UpdateLoginProfile",
  "UpdateUser",
] as const;

/** What an ordinary console user does to their own identity (resource = themselves or their own keys). */
export const RAM_SELF_SERVICE = [
  "GetUser",
  "ListAccessKeys",
  "GetAccessKeyLastUsed",
  "ChangePassword",
  "CreateVirtualMFADevice",
  "BindMFADevice",
  "GetLoginProfile",
  "ListGroupsForUser",
] as const;

export const CATALOG: CatalogService[] = [
  {
    service: "ecs",
    eventSource: "ecs.aliyuncs.com",
    resourceType: "ACS::ECS::Instance",
    weight: 10,
    events: [
      r("DescribeInstances"),
      r("DescribeInstanceAttribute"),
      r("DescribeInstanceStatus"),
      r("DescribeDisks", "ACS::ECS::Disk"),
      r("DescribeSecurityGroups", null),
      r("DescribeSecurityGroupAttribute", "ACS::ECS::SecurityGroup"),
      r("DescribeImages", null),
      r("DescribeRegions", null),
      r("DescribeZones", null),
      w("StartInstance"),
      w("StopInstance"),
      w("RebootInstance"),
      w("RunInstances"),
      w("ModifyInstanceAttribute"),
      s("DeleteInstance"),
      w("CreateDisk", "ACS::ECS::Disk"),
      w("AttachDisk", "ACS::ECS::Disk"),
      w("CreateSnapshot", "ACS::ECS::Disk"),
      w("AuthorizeSecurityGroup", "ACS::ECS::SecurityGroup"),
      w("RevokeSecurityGroup", "ACS::ECS::SecurityGroup"),
    ],
  },
  {
    service: "oss",
    eventSource: "oss.aliyuncs.com",
    resourceType: "ACS::OSS::Bucket",
    weight: 10,
    events: [
      r("GetObject"),
      r("HeadObject"),
      r("ListObjects"),
      r("GetBucketInfo"),
      r("GetBucketAcl"),
      r("GetBucketPolicy"),
      r("ListBuckets", null),
      w("PutObject"),
      w("CopyObject"),
      w("DeleteObject"),
      w("PutBucket"),
      s("PutBucketAcl"),
      s("PutBucketPolicy"),
      s("DeleteBucket"),
    ],
  },
  {
    service: "ram",
    eventSource: "ram.aliyuncs.com",
    resourceType: USER,
    global: true,
    weight: 2,
    events: [
      // The IMS catalog (IMS_EVENT_NAMES) ...
      w("AddUserToGroup", GROUP),
      w("BindMFADevice"),
      w("ChangePassword"),
      s("CreateAccessKey", KEY),
      w("CreateGroup", GROUP),
      w("CreateLoginProfile"),
      w("CreateUser"),
      w("CreateVirtualMFADevice"),
      s("DeleteAccessKey", KEY),
      s("DeleteGroup", GROUP),
      s("DeleteLoginProfile"),
      s("DeleteUser"),
      s("DeleteUserInRecycleBin"),
      s("DisableVirtualMFA"),
      w("GenerateCredentialReport", null),
      r("GetAccessKeyLastUsed", KEY),
      r("GetCredentialReport", null),
      r("GetUser"),
      r("ListAccessKeys"),
      r("ListGroups", null),
      r("ListUsers", null),
      w("RemoveUserFromGroup", GROUP),
      w("RestoreUserFromRecycleBin"),
      s("SetPasswordPolicy", null),
      s("SetSecurityPreference", null),
      s("UnbindMFADevice"),
      w("UpdateAccessKey", KEY),
      w("UpdateGroup", GROUP),
      w("UpdateLoginProfile"),
      w("UpdateUser"),
      // ... and more in the same style.
      r("GetLoginProfile"),
      r("ListGroupsForUser"),
      r("ListUsersForGroup", GROUP),
      r("GetPasswordPolicy", null),
      r("GetSecurityPreference", null),
      r("ListPolicies", null),
      r("GetPolicy", POLICY),
      r("ListPoliciesForUser"),
      r("ListRoles", null),
      r("GetRole", ROLE),
      s("AttachPolicyToUser", POLICY),
      s("DetachPolicyFromUser", POLICY),
      w("CreatePolicy", POLICY),
      s("DeletePolicy", POLICY),
      w("CreatePolicyVersion", POLICY),
      s("AttachPolicyToGroup", POLICY),
      w("CreateRole", ROLE),
      s("DeleteRole", ROLE),
    ],
  },
  {
    service: "sts",
    eventSource: "sts.aliyuncs.com",
    resourceType: ROLE,
    global: true,
    weight: 3,
    events: [r("AssumeRole"), r("GetCallerIdentity", null), r("AssumeRoleWithSAML"), r("AssumeRoleWithOIDC")],
  },
  {
    service: "rds",
    eventSource: "rds.aliyuncs.com",
    resourceType: "ACS::RDS::DBInstance",
    weight: 5,
    events: [
      r("DescribeDBInstances", null),
      r("DescribeDBInstanceAttribute"),
      r("DescribeBackups"),
      r("DescribeSlowLogs"),
      r("DescribeDatabases"),
      r("DescribeAccounts"),
      w("CreateBackup"),
      w("ModifyDBInstanceSpec"),
      w("RestartDBInstance"),
      s("ModifySecurityIps"),
      s("DeleteDBInstance"),
      w("CreateAccount"),
      s("ResetAccountPassword"),
    ],
  },
  {
    service: "vpc",
    eventSource: "vpc.aliyuncs.com",
    resourceType: "ACS::VPC::VPC",
    weight: 4,
    events: [
      r("DescribeVpcs", null),
      r("DescribeVpcAttribute"),
      r("DescribeVSwitches", "ACS::VPC::VSwitch"),
      r("DescribeRouteTables"),
      r("DescribeEipAddresses", "ACS::VPC::EIP"),
      w("CreateVSwitch", "ACS::VPC::VSwitch"),
      w("AllocateEipAddress", "ACS::VPC::EIP"),
      w("AssociateEipAddress", "ACS::VPC::EIP"),
      w("ReleaseEipAddress", "ACS::VPC::EIP"),
      w("CreateRouteEntry"),
      s("DeleteVpc"),
    ],
  },
  {
    service: "slb",
    eventSource: "slb.aliyuncs.com",
    resourceType: "ACS::SLB::LoadBalancer",
    weight: 3,
    events: [
      r("DescribeLoadBalancers", null),
      r("DescribeLoadBalancerAttribute"),
      r("DescribeHealthStatus"),
      w("SetBackendServers"),
      w("AddBackendServers"),
      w("RemoveBackendServers"),
      w("CreateLoadBalancerHTTPSListener"),
      w("SetLoadBalancerStatus"),
      s("DeleteLoadBalancer"),
    ],
  },
  {
    service: "kms",
    eventSource: "kms.aliyuncs.com",
    resourceType: "ACS::KMS::Key",
    weight: 3,
    events: [
      r("DescribeKey"),
      r("ListKeys", null),
      r("Decrypt"),
      r("Encrypt"),
      r("GenerateDataKey"),
      r("GetSecretValue", "ACS::KMS::Secret"),
      w("CreateKey"),
      w("EnableKey"),
      s("DisableKey"),
      s("ScheduleKeyDeletion"),
      w("CreateSecret", "ACS::KMS::Secret"),
      w("PutSecretValue", "ACS::KMS::Secret"),
      s("DeleteSecret", "ACS::KMS::Secret"),
    ],
  },
  {
    service: "actiontrail",
    eventSource: "actiontrail.aliyuncs.com",
    resourceType: "ACS::ActionTrail::Trail",
    weight: 1,
    events: [
      r("DescribeTrails", null),
      r("GetTrailStatus"),
      r("LookupEvents", null),
      w("CreateTrail"),
      w("StartLogging"),
      s("UpdateTrail"),
      s("StopLogging"),
      s("DeleteTrail"),
    ],
  },
  {
    service: "cms",
    eventSource: "metrics.aliyuncs.com",
    resourceType: "ACS::CMS::AlarmRule",
    weight: 4,
    events: [
      r("DescribeMetricList", null),
      r("DescribeMetricLast", null),
      r("DescribeAlertHistoryList"),
      r("DescribeMetricRuleList"),
      w("PutResourceMetricRule"),
      w("EnableMetricRules"),
      w("PutContact", null),
      s("DisableMetricRules"),
      s("DeleteMetricRules"),
    ],
  },
  {
    service: "cs",
    eventSource: "cs.aliyuncs.com",
    resourceType: "ACS::CS::Cluster",
    weight: 4,
    events: [
      r("DescribeClusters", null),
      r("DescribeClusterDetail"),
      r("DescribeClusterNodes"),
      { ...r("DescribeClusterUserKubeconfig"), sensitive: true },
      w("CreateCluster"),
      w("ScaleOutCluster"),
      w("ModifyCluster"),
      w("UpgradeCluster"),
      s("DeleteCluster"),
    ],
  },
  {
    service: "fc",
    eventSource: "fc.aliyuncs.com",
    resourceType: "ACS::FC::Function",
    weight: 3,
    events: [
      r("ListServices", null),
      r("ListFunctions", null),
      r("GetFunction"),
      r("GetFunctionCode"),
      w("InvokeFunction"),
      w("CreateFunction"),
      w("UpdateFunction"),
      w("DeleteFunction"),
    ],
  },
  {
    service: "sls",
    eventSource: "log.aliyuncs.com",
    resourceType: "ACS::SLS::Project",
    weight: 5,
    events: [
      r("GetLogs"),
      r("ListLogStores"),
      r("GetProject"),
      r("ListProject", null),
      r("GetLogStore"),
      w("PutLogs"),
      w("CreateLogStore"),
      w("UpdateLogStore"),
      w("CreateIndex"),
      s("DeleteLogStore"),
    ],
  },
  {
    service: "cdn",
    eventSource: "cdn.aliyuncs.com",
    resourceType: "ACS::CDN::Domain",
    global: true,
    weight: 2,
    events: [
      r("DescribeUserDomains", null),
      r("DescribeCdnDomainDetail"),
      r("DescribeRefreshTasks", null),
      r("DescribeDomainBpsData"),
      w("RefreshObjectCaches"),
      w("PushObjectCache"),
      w("AddCdnDomain"),
      w("SetDomainServerCertificate"),
      w("DeleteCdnDomain"),
    ],
  },
  {
    service: "alidns",
    eventSource: "alidns.aliyuncs.com",
    resourceType: "ACS::DNS::Domain",
    global: true,
    weight: 2,
    events: [
      r("DescribeDomains", null),
      r("DescribeDomainRecords"),
      r("DescribeDomainRecordInfo"),
      w("AddDomainRecord"),
      w("UpdateDomainRecord"),
      w("SetDomainRecordStatus"),
      w("DeleteDomainRecord"),
    ],
  },
];

export function catalogService(service: string): CatalogService {
  const found = CATALOG.find((entry) => entry.service === service);
  if (!found) throw new Error(`unknown demo service ${service}`);
  return found;
}

export const DEMO_REGIONS = [
  "cn-hangzhou",
  "cn-shanghai",
  "cn-beijing",
  "cn-shenzhen",
  "ap-southeast-1",
  "us-west-1",
  "eu-central-1",
] as const;
/** Where global services (RAM, STS, CDN, DNS) are logged. */
export const GLOBAL_REGION = "cn-hangzhou";

/** SDK and tool user agents, as Alibaba Cloud's own clients send them. */
export const API_USER_AGENTS = [
  "AlibabaCloud (Linux; amd64) Go/go1.22.7 Core/1.63.47 Aliyun-CLI/3.0.226",
  "AlibabaCloud (Darwin; arm64) Go/go1.22.7 Core/1.63.47 Aliyun-CLI/3.0.226",
  "Terraform/1.9.8 (+https://www.terraform.io) Terraform-Provider-Alicloud/1.234.0",
  "AlibabaCloud (Linux; x86_64) Python/3.11.9 Core/2.15.1 python-requests/2.32.3",
  "AlibabaCloud (Linux; amd64) Java/17.0.12 Core/4.7.1 HTTPClient/ApacheHttpClient",
  "AlibabaCloud (linux; amd64) Go/go1.22.4 Core/1.63.0 Tea/1.2.2",
  "aliyun-sdk-go/v2.2.4 (Linux/5.15.0-118-generic/x86_64;go1.22.7)/ossutil-v2.0.4",
] as const;

export const BROWSER_USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
] as const;
