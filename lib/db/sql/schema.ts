// The tables hand-written SQL reads and writes, as Kysely sees them. Prisma's schema (prisma/models.prisma) is the
// source of truth; only the columns queried here are listed. Times are typed as they travel: the text SQLite
// stores ("…+00:00") or ISO text read back from PostgreSQL (see dialect.ts), compared through dialect.time().

export interface EventTable {
  seq: number;
  eventId: string;
  eventTime: string;
  receivedAt: string;
  origin: string;
  eventName: string;
  eventSource: string;
  service: string;
  eventType: string;
  readOnly: boolean | number | null;
  sensitive: boolean | number;
  accountId: string | null;
  identityType: string | null;
  principalId: string | null;
  userName: string | null;
  accessKeyId: string | null;
  mfaUsed: boolean | number | null;
  roleName: string | null;
  sourceIpAddress: string | null;
  userAgent: string | null;
  region: string | null;
  resources: string;
  requestId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  requestParameters: string | null;
  responseElements: string | null;
  raw: string;
  userId: number | null;
  chainIndex: number | null;
  prevHash: string | null;
  hash: string | null;
}

export interface AccessKeyUsageTable {
  accessKeyId: string;
  calls: number;
  failedCalls: number;
  firstSeen: string;
  lastSeen: string;
  lastUsed: string | null;
  accountId: string | null;
  userName: string | null;
  userId: number | null;
}

export interface AccessKeyUsageDailyTable {
  accessKeyId: string;
  kind: string;
  service: string;
  day: string;
  value: string;
  calls: number;
  failedCalls: number;
  lastSeen: string;
}

export interface AttemptCounterTable {
  key: string;
  windowStart: bigint | number;
  count: number;
}

export interface UserTable {
  id: number;
  accountId: number;
  userName: string;
  principalId: string;
  userType: string;
  deletedAt: string | null;
  consoleAccess: boolean | number;
  consoleRole: string | null;
  mustChangePassword: boolean | number;
  failedSignins: number;
}

export interface AccessKeyTable {
  accessKeyId: string;
  userId: number;
  status: string;
  deletedAt: string | null;
  secretEncrypted: string;
  mayIngest: boolean | number;
}

export interface AccountTable {
  id: number;
  accountId: string;
}

export interface ChainHeadTable {
  chainKey: string;
  length: number;
  lastHash: string;
  lastEventId: string | null;
}

export interface SignatureRefusalTable {
  accessKeyId: string;
  minute: number;
  sourceIp: string;
  count: number;
}

export interface PrismaMigrationsTable {
  migration_name: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

export interface Tables {
  Event: EventTable;
  AccessKeyUsage: AccessKeyUsageTable;
  AccessKeyUsageDaily: AccessKeyUsageDailyTable;
  AttemptCounter: AttemptCounterTable;
  User: UserTable;
  AccessKey: AccessKeyTable;
  Account: AccountTable;
  ChainHead: ChainHeadTable;
  SignatureRefusal: SignatureRefusalTable;
  _prisma_migrations: PrismaMigrationsTable;
}
