// PostgreSQL's bulk ingest, on a pg connection of its own (like SQLite's direct better-sqlite3 path): Prisma's
// raw queries add a per-statement cost for a batch's parameters, and a batch makes ten statements while it holds
// the writer lock, so through Prisma the load test's API clients could not reach their rate (docs/performance.md).
// One transaction: owner look-ups, INSERT ... SELECT FROM unnest(one array per column) ON CONFLICT DO NOTHING
// RETURNING (./postgres-unnest.ts), AccessKey last-used updates, audit rollups and each account's event chain
// (lib/domain/event-chain.ts). The writer lock and the batch's chain heads are taken first (the heads by an upsert,
// in key order): batches take turns, and the events already stored are known before links are given, so every
// new row gets the next link of its chain.
import type pg from "pg";
import type { NormalisedEvent } from "@/lib/domain/event";
import { appendToChain, chainKeyOf, GENESIS_HASH, type ChainHead, type ChainLink } from "@/lib/domain/event-chain";
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
import { writeKeyUsagePostgres } from "./key-usage-write";
import { columnArrays, unnestInsertSql } from "./postgres-unnest";
import { lockTimeoutMs } from "./storage-errors";

const EVENT_COLUMN_TYPES: Partial<Record<(typeof EVENT_COLUMNS)[number], string>> = {
  eventTime: "timestamp(3)",
  receivedAt: "timestamp(3)",
  readOnly: "boolean",
  sensitive: "boolean",
  mfaUsed: "boolean",
  userId: "integer",
  chainIndex: "integer",
};
/** The Event columns in EVENT_COLUMNS order, with their PostgreSQL types (also the benchmark's raw baseline). */
export const EVENT_TYPED_COLUMNS = EVENT_COLUMNS.map((c) => [c, EVENT_COLUMN_TYPES[c] ?? "text"] as const);
const INSERT_EVENTS = unnestInsertSql(
  "Event",
  EVENT_TYPED_COLUMNS,
  `ON CONFLICT ("eventId") DO NOTHING RETURNING "eventId"`,
);
/** Rows per statement. pg writes each array parameter out as one text literal, escaped, so a statement briefly
 *  holds about three copies of its rows' text: 1,000 rows keep that to a few MB, and an import of 10,000-event
 *  batches within its 128 MB heap. */
export const ROWS_PER_STATEMENT = 1_000;

/** pg_advisory_xact_lock key of the event writer (any fixed number; "keytrail" in ASCII, truncated). */
const EVENT_WRITER_LOCK = 0x6b657974;

type Client = pg.PoolClient;

async function rows<T>(client: Client, sql: string, values: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, values)).rows as T[];
}

/** Stores the events, then whatever `then` makes of the new eventIds, in one transaction; returns the eventIds
 *  that were new, in input order (of `events` only). */
export async function ingestPostgres(
  pool: pg.Pool,
  events: NormalisedEvent[],
  then?: (insertedEventIds: string[]) => NormalisedEvent[],
): Promise<string[]> {
  const client = await pool.connect();
  let reusable = true;
  try {
    // Wait for another writer's locks (a chain head, a rollup row) this long, not forever: then the caller gets a
    // "locked" error it can report and retry. (One round trip: on a small batch they are most of the cost.)
    await client.query(`BEGIN; SET LOCAL lock_timeout = ${lockTimeoutMs()}`);
    const stored = events.length ? await ingestInTransaction(client, events) : [];
    const after = then?.(stored) ?? [];
    // Under the writer lock this transaction already holds: taking it again is a no-op, and the trailing
    // events' chain heads are locked in turn.
    if (after.length) await ingestInTransaction(client, after);
    await client.query("COMMIT");
    return stored;
  } catch (error) {
    // A connection that cannot even roll back is closed rather than pooled.
    await client.query("ROLLBACK").catch(() => (reusable = false));
    throw error;
  } finally {
    client.release(!reusable);
  }
}

async function ingestInTransaction(client: Client, events: NormalisedEvent[]): Promise<string[]> {
  const { byKey, byName } = await ownersOf(
    client,
    uniqueValues(events.map((e) => e.userIdentity.accessKeyId)),
    uniqueValues(events.map((e) => e.userIdentity.userName)),
  );
  const heads = await lockChainHeads(client, [...new Set(events.map((e) => chainKeyOf(e.accountId)))]);
  const existing = new Set<string>();
  const ids = [...new Set(events.map((e) => e.eventId))];
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const row of await rows<{ eventId: string }>(
      client,
      `SELECT "eventId" FROM "Event" WHERE "eventId" = ANY($1::text[])`,
      [ids.slice(i, i + 10_000)],
    )) {
      existing.add(row.eventId);
    }
  }

  // The new events (each eventId once), linked in input order.
  const receivedAt = new Date();
  const owners = new Map<string, number | null>();
  const fresh: { fields: ReturnType<typeof chainedFieldsOf>; owner: number | null; link: ChainLink }[] = [];
  for (const event of events) {
    if (existing.has(event.eventId)) continue;
    existing.add(event.eventId);
    const key = chainKeyOf(event.accountId);
    const fields = chainedFieldsOf(event, receivedAt);
    const { link, head } = appendToChain(heads.get(key)!, fields);
    heads.set(key, head);
    const owner = ownerOf(event, byKey, byName);
    owners.set(event.eventId, owner);
    fresh.push({ fields, owner, link });
  }
  const stored = new Set<string>();
  for (let i = 0; i < fresh.length; i += ROWS_PER_STATEMENT) {
    const chunk = fresh.slice(i, i + ROWS_PER_STATEMENT);
    const values = chunk.map((r) =>
      eventRowValues(
        r.fields,
        r.owner,
        r.link,
        (d) => d,
        (b) => b,
      ),
    );
    const inserted = await rows<{ eventId: string }>(client, INSERT_EVENTS, columnArrays(values, EVENT_COLUMNS.length));
    for (const row of inserted) stored.add(row.eventId);
    // Another transaction stored one of these eventIds meanwhile (under another account's lock): its link would
    // leave a gap in the chain, so give up the whole batch; the caller's retry finds it stored.
    if (inserted.length !== chunk.length)
      throw new Error("An event of this batch was stored concurrently: retry the batch.");
  }
  await saveChainHeads(client, heads);
  // A batch may carry one eventId twice: only its first copy was stored, so count it once.
  const keyUsage: OwnedUsageEvent[] = [];
  const counted = new Set<string>();
  for (const event of events) {
    if (!stored.has(event.eventId) || counted.has(event.eventId)) continue;
    counted.add(event.eventId);
    const usage = keyUsageOf(event, owners.get(event.eventId) ?? null);
    if (usage) keyUsage.push(usage);
  }
  await writeKeyUsagePostgres((sql, values) => client.query(sql, values), keyUsage);
  await touchKeys(client, latestKeyUses(events, stored));
  return inInputOrder(events, new Set(stored));
}

/** The AccessKey last-used fields, for every key of the batch in one statement. A key's fields only move forward
 *  in time. Prisma keeps DateTime as UTC in a "timestamp(3)" column: the cast ignores the ISO text's "Z". */
async function touchKeys(client: Client, uses: Map<string, NormalisedEvent>): Promise<void> {
  if (uses.size === 0) return;
  const list = [...uses];
  await client.query(
    `UPDATE "AccessKey" AS k
        SET "lastUsedAt" = u.at, "lastUsedService" = u.service, "lastUsedRegion" = u.region, "lastUsedIp" = u.ip
       FROM unnest($1::text[], $2::timestamp(3)[], $3::text[], $4::text[], $5::text[]) AS u(id, at, service, region, ip)
      WHERE k."accessKeyId" = u.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < u.at)`,
    [
      list.map(([id]) => id),
      list.map(([, e]) => e.eventTime.toISOString()),
      list.map(([, e]) => e.service),
      list.map(([, e]) => e.region),
      list.map(([, e]) => e.sourceIpAddress),
    ],
  );
}

/** The inventory owners of the batch's AccessKeys and user names, in one round trip. */
async function ownersOf(client: Client, keyIds: string[], userNames: string[]) {
  const byKey = new Map<string, number>();
  const byName = new Map<string, number>();
  if (keyIds.length === 0 && userNames.length === 0) return { byKey, byName };
  const [found] = await rows<{ keys: [string, number][]; users: [number, string, string][] }>(
    client,
    `SELECT (SELECT coalesce(json_agg(json_build_array(k."accessKeyId", k."userId")), '[]') FROM "AccessKey" k
              WHERE k."accessKeyId" = ANY($1::text[])) AS keys,
            (SELECT coalesce(json_agg(json_build_array(u."id", u."userName", a."accountId")), '[]')
               FROM "User" u JOIN "Account" a ON a."id" = u."accountId" WHERE u."userName" = ANY($2::text[])) AS users`,
    [keyIds, userNames],
  );
  for (const [accessKeyId, userId] of found.keys) byKey.set(accessKeyId, userId);
  for (const [id, userName, accountId] of found.users) byName.set(ownerKey(accountId, userName), id);
  return { byKey, byName };
}

/** Takes the writer lock, then creates the missing heads and locks them all, in key order, in one statement:
 *  one writer at a time from here to commit, so Event.seq is assigned in commit order (the background consumers,
 *  alarms and tracking sets, read "seq > position" and must never see seq 11 before seq 10 commits). The no-op
 *  DO UPDATE is what locks and returns a head that already exists. */
async function lockChainHeads(client: Client, keys: string[]): Promise<Map<string, ChainHead>> {
  const found = await rows<{ chainKey: string } & ChainHead>(
    client,
    `WITH writer AS (SELECT pg_advisory_xact_lock(${EVENT_WRITER_LOCK}))
     INSERT INTO "ChainHead" ("chainKey", "length", "lastHash", "updatedAt")
     SELECT k, 0, $2, now() FROM writer, unnest($1::text[]) AS k ORDER BY k
     ON CONFLICT ("chainKey") DO UPDATE SET "chainKey" = excluded."chainKey"
     RETURNING "chainKey", "length", "lastHash", "lastEventId"`,
    [keys, GENESIS_HASH],
  );
  return new Map(
    found.map((r) => [r.chainKey, { length: Number(r.length), lastHash: r.lastHash, lastEventId: r.lastEventId }]),
  );
}

async function saveChainHeads(client: Client, heads: Map<string, ChainHead>): Promise<void> {
  for (const [key, head] of heads) {
    await client.query(
      `UPDATE "ChainHead" SET "length" = $2, "lastHash" = $3, "lastEventId" = $4, "updatedAt" = now() WHERE "chainKey" = $1 AND "length" <> $2`,
      [key, head.length, head.lastHash, head.lastEventId],
    );
  }
}
