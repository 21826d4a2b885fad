// SQLite's bulk ingest: one synchronous transaction on a direct better-sqlite3 connection, a prepared single-row
// INSERT ... ON CONFLICT DO NOTHING per event (the fastest form better-sqlite3 offers; `changes` says whether
// the row was new), owners found
// with two json_each look-ups per batch, AccessKey last-used fields, audit rollups and each account's event chain
// (lib/domain/event-chain.ts: a new row gets its link before the insert; the head moves only if the row was new)
// updated in the same transaction. SQLite has one writer at a time, so the chain needs no further lock.
import type Sqlite from "better-sqlite3";
import type { NormalisedEvent } from "@/lib/domain/event";
import { appendToChain, chainKeyOf, EMPTY_HEAD, type ChainHead } from "@/lib/domain/event-chain";
import type { OwnedUsageEvent } from "@/lib/domain/key-usage";
import {
  chainedFieldsOf,
  EVENT_COLUMNS,
  eventRowValues,
  inInputOrder,
  keyUsageOf,
  latestKeyUses,
  ownerKey,
  ownerOf,
  uniqueValues,
} from "./event-rows";
import { writeKeyUsageSqlite } from "./key-usage-write";

// Prisma's own text form of a DateTime on SQLite: raw rows must match it exactly, or ordering and equality
// between rows written by Prisma and by this path would disagree.
export const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");
const sqliteBool = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

interface Statements {
  insert: Sqlite.Statement;
  keys: Sqlite.Statement;
  users: Sqlite.Statement;
  touchKey: Sqlite.Statement;
  heads: Sqlite.Statement;
  saveHead: Sqlite.Statement;
}

const prepared = new WeakMap<Sqlite.Database, Statements>();

function statements(connection: Sqlite.Database): Statements {
  let found = prepared.get(connection);
  if (!found) {
    const columns = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");
    found = {
      insert: connection.prepare(
        `INSERT INTO "Event" (${columns}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT ("eventId") DO NOTHING`,
      ),
      keys: connection.prepare(
        `SELECT "accessKeyId", "userId" FROM "AccessKey" WHERE "accessKeyId" IN (SELECT value FROM json_each(?))`,
      ),
      users: connection.prepare(
        `SELECT u."id", u."userName", a."accountId" FROM "User" u JOIN "Account" a ON a."id" = u."accountId" WHERE u."userName" IN (SELECT value FROM json_each(?))`,
      ),
      touchKey: connection.prepare(
        `UPDATE "AccessKey" SET "lastUsedAt" = ?, "lastUsedService" = ?, "lastUsedRegion" = ?, "lastUsedIp" = ?
          WHERE "accessKeyId" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)`,
      ),
      heads: connection.prepare(
        `SELECT "chainKey", "length", "lastHash", "lastEventId" FROM "ChainHead" WHERE "chainKey" IN (SELECT value FROM json_each(?))`,
      ),
      saveHead: connection.prepare(
        `INSERT INTO "ChainHead" ("chainKey", "length", "lastHash", "lastEventId", "updatedAt") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT ("chainKey") DO UPDATE SET "length" = excluded."length", "lastHash" = excluded."lastHash",
           "lastEventId" = excluded."lastEventId", "updatedAt" = excluded."updatedAt"`,
      ),
    };
    prepared.set(connection, found);
  }
  return found;
}

/** Stores the events, then whatever `then` makes of the new eventIds, in one transaction; returns the eventIds
 *  that were new, in input order (of `events` only). */
export function ingestSqlite(
  connection: Sqlite.Database,
  events: NormalisedEvent[],
  then?: (insertedEventIds: string[]) => NormalisedEvent[],
): string[] {
  const s = statements(connection);
  return connection.transaction(() => {
    const inserted = events.length ? store(connection, s, events) : [];
    const after = then?.(inserted) ?? [];
    if (after.length) store(connection, s, after);
    return inserted;
  })();
}

function store(connection: Sqlite.Database, s: Statements, events: NormalisedEvent[]): string[] {
  const keyIds = uniqueValues(events.map((e) => e.userIdentity.accessKeyId));
  const userNames = uniqueValues(events.map((e) => e.userIdentity.userName));
  const keyRows = keyIds.length
    ? (s.keys.all(JSON.stringify(keyIds)) as { accessKeyId: string; userId: number }[])
    : [];
  const userRows = userNames.length
    ? (s.users.all(JSON.stringify(userNames)) as { id: number; userName: string; accountId: string }[])
    : [];
  const byKey = new Map(keyRows.map((k) => [k.accessKeyId, Number(k.userId)]));
  const byName = new Map(userRows.map((u) => [ownerKey(u.accountId, u.userName), Number(u.id)]));

  const chainKeys = [...new Set(events.map((e) => chainKeyOf(e.accountId)))];
  const heads = new Map<string, ChainHead>(
    (s.heads.all(JSON.stringify(chainKeys)) as ({ chainKey: string } & ChainHead)[]).map((h) => [
      h.chainKey,
      { length: Number(h.length), lastHash: h.lastHash, lastEventId: h.lastEventId },
    ]),
  );
  const moved = new Set<string>();

  const receivedAt = new Date();
  const stored = new Set<string>();
  const keyUsage: OwnedUsageEvent[] = [];
  for (const event of events) {
    const owner = ownerOf(event, byKey, byName);
    const chainKey = chainKeyOf(event.accountId);
    const fields = chainedFieldsOf(event, receivedAt);
    const { link, head } = appendToChain(heads.get(chainKey) ?? EMPTY_HEAD, fields);
    const { changes } = s.insert.run(...eventRowValues(fields, owner, link, sqliteDate, sqliteBool));
    if (changes !== 1) continue;
    heads.set(chainKey, head);
    moved.add(chainKey);
    stored.add(event.eventId);
    const usage = keyUsageOf(event, owner);
    if (usage) keyUsage.push(usage);
  }
  const now = sqliteDate(new Date());
  for (const key of moved) {
    const head = heads.get(key)!;
    s.saveHead.run(key, head.length, head.lastHash, head.lastEventId, now);
  }
  writeKeyUsageSqlite(connection, keyUsage, sqliteDate);
  const insertedEventIds = inInputOrder(events, new Set(stored));
  for (const [accessKeyId, event] of latestKeyUses(events, stored)) {
    const at = sqliteDate(event.eventTime);
    s.touchKey.run(at, event.service, event.region, event.sourceIpAddress, accessKeyId, at);
  }
  return insertedEventIds;
}
