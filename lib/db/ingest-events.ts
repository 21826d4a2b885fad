// The single path by which events enter the database: the console's own events, the demo seed, and (later)
// the ingest API and importers. Batched raw SQL for speed; idempotent on eventId (a duplicate is skipped,
// never stored twice); attributes each event to an inventory user and keeps AccessKey last-used fields current
// in the same transaction as the rows.
import type { NormalisedEvent } from "@/lib/domain/event";
import type { Database, Db } from "./client";

export interface IngestResult {
  inserted: number;
  duplicates: number;
  /** eventIds that were new, in input order. */
  insertedEventIds: string[];
}

const COLUMNS = [
  "eventId", "eventTime", "origin", "eventName", "eventSource", "service", "eventType", "readOnly",
  "sensitive", "accountId", "identityType", "principalId", "userName", "accessKeyId", "mfaUsed", "roleName",
  "sourceIpAddress", "userAgent", "region", "resources", "requestId", "errorCode", "errorMessage",
  "requestParameters", "responseElements", "raw", "userId",
] as const;

// 500 rows x 27 columns stays under both SQLite's (32,766) and PostgreSQL's (65,535) bound-parameter limits.
const ROWS_PER_STATEMENT = 500;

type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export async function ingestEvents(database: Database, events: NormalisedEvent[]): Promise<IngestResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0, insertedEventIds: [] };
  const { db, provider } = database;
  return db.$transaction(
    async (tx) => {
      const owners = await resolveOwners(tx, events);
      const insertedIds = new Set<string>();
      for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
        const chunk = events.slice(i, i + ROWS_PER_STATEMENT);
        const sql = insertSql(provider, chunk.length);
        const params = chunk.flatMap((event) => rowValues(event, owners));
        const rows = await tx.$queryRawUnsafe<{ eventId: string }[]>(sql, ...params);
        for (const row of rows) insertedIds.add(row.eventId);
      }
      // A batch may hold the same eventId twice: count each stored row once, in input order.
      const insertedEventIds: string[] = [];
      for (const event of events)
        if (insertedIds.delete(event.eventId)) insertedEventIds.push(event.eventId);
      await updateKeyLastUsed(tx, events, new Set(insertedEventIds));
      return {
        inserted: insertedEventIds.length,
        duplicates: events.length - insertedEventIds.length,
        insertedEventIds,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

function insertSql(provider: Database["provider"], rowCount: number): string {
  const columns = COLUMNS.map((c) => `"${c}"`).join(", ");
  let n = 0;
  const placeholder = () => (provider === "postgresql" ? `$${++n}` : "?");
  const rows = Array.from({ length: rowCount }, () => `(${COLUMNS.map(placeholder).join(", ")})`);
  return (
    `INSERT INTO "Event" (${columns}) VALUES ${rows.join(", ")} ` +
    `ON CONFLICT ("eventId") DO NOTHING RETURNING "eventId"`
  );
}

function json(value: unknown): string | null {
  return value == null ? null : JSON.stringify(value);
}

function rowValues(event: NormalisedEvent, owners: Owners): unknown[] {
  const id = event.userIdentity;
  return [
    event.eventId, event.eventTime, event.origin, event.eventName, event.eventSource, event.service,
    event.eventType, event.readOnly, event.sensitive, event.accountId, id.type, id.principalId, id.userName,
    id.accessKeyId, id.mfaUsed, id.roleName, event.sourceIpAddress, event.userAgent, event.region,
    JSON.stringify(event.resources), event.requestId, event.errorCode, event.errorMessage,
    json(event.requestParameters), json(event.responseElements), event.raw, owners.of(event),
  ];
}

interface Owners {
  of(event: NormalisedEvent): number | null;
}

/** Attribute events to inventory users: by AccessKey first, else by account ID + user name. */
async function resolveOwners(tx: Tx, events: NormalisedEvent[]): Promise<Owners> {
  const keyIds = unique(events.map((e) => e.userIdentity.accessKeyId));
  const userNames = unique(events.map((e) => e.userIdentity.userName));
  const [keys, users] = await Promise.all([
    keyIds.length
      ? tx.accessKey.findMany({ where: { accessKeyId: { in: keyIds } }, select: { accessKeyId: true, userId: true } })
      : [],
    userNames.length
      ? tx.user.findMany({
          where: { userName: { in: userNames } },
          select: { id: true, userName: true, account: { select: { accountId: true } } },
        })
      : [],
  ]);
  const byKey = new Map(keys.map((k) => [k.accessKeyId, k.userId]));
  const byName = new Map(users.map((u) => [`${u.account.accountId}\u0000${u.userName}`, u.id]));
  return {
    of(event) {
      const { accessKeyId, userName } = event.userIdentity;
      if (accessKeyId && byKey.has(accessKeyId)) return byKey.get(accessKeyId)!;
      if (userName && event.accountId) return byName.get(`${event.accountId}\u0000${userName}`) ?? null;
      return null;
    },
  };
}

// A call refused before the key was proven (unknown or inactive key, bad signature, stale request) is not a use
// of the key: otherwise anyone who knows a key ID could make it look recently used.
const AUTHENTICATION_FAILURE = /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|RequestTimeTooSkewed|XAmzContentSHA256Mismatch|InvalidClientTokenId)/;

function countsAsKeyUse(event: NormalisedEvent): boolean {
  return !!event.userIdentity.accessKeyId && !AUTHENTICATION_FAILURE.test(event.errorCode ?? "");
}

async function updateKeyLastUsed(tx: Tx, events: NormalisedEvent[], inserted: Set<string>): Promise<void> {
  const latest = new Map<string, NormalisedEvent>();
  for (const event of events) {
    if (!inserted.has(event.eventId) || !countsAsKeyUse(event)) continue;
    const keyId = event.userIdentity.accessKeyId!;
    const current = latest.get(keyId);
    if (!current || current.eventTime < event.eventTime) latest.set(keyId, event);
  }
  for (const [accessKeyId, event] of latest) {
    await tx.accessKey.updateMany({
      where: { accessKeyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: event.eventTime } }] },
      data: {
        lastUsedAt: event.eventTime,
        lastUsedService: event.service,
        lastUsedRegion: event.region,
        lastUsedIp: event.sourceIpAddress,
      },
    });
  }
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}
