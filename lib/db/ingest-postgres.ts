// PostgreSQL's bulk ingest: multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING through Prisma's connection,
// in one transaction with the owner look-ups, AccessKey last-used updates, audit rollups and each account's
// event chain (lib/domain/event-chain.ts). The batch's chain heads are locked first (FOR UPDATE, in key order, so
// two batches never wait on each other in a cycle): batches of one account take turns, and the events already
// stored are known before links are given, so every new row gets the next link of its chain.
import type { NormalisedEvent } from "@/lib/domain/event";
import { appendToChain, chainKeyOf, GENESIS_HASH, type ChainHead, type ChainLink } from "@/lib/domain/event-chain";
import type { Db } from "./client";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
import type { OwnedUsageEvent } from "@/lib/domain/key-usage";
import { chainedFieldsOf, EVENT_COLUMNS, eventRowValues, inInputOrder, keyUsageOf, latestKeyUses, ownerKey, ownerOf, uniqueValues } from "./event-rows";
import { writeKeyUsagePostgres } from "./key-usage-write";
import { lockTimeoutMs } from "./storage-errors";

// 500 rows x 28 columns stays under PostgreSQL's 65,535 bound-parameter limit.
const ROWS_PER_STATEMENT = 500;

function insertSql(rowCount: number): string {
  let n = 0;
  const row = () => `(${EVENT_COLUMNS.map(() => `$${++n}`).join(", ")})`;
  return (
    `INSERT INTO "Event" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${Array.from({ length: rowCount }, row).join(", ")} ` +
    `ON CONFLICT ("eventId") DO NOTHING RETURNING "eventId"`
  );
}

/** pg_advisory_xact_lock key of the event writer (any fixed number; "keytrail" in ASCII, truncated). */
const EVENT_WRITER_LOCK = 0x6b657974;

export async function ingestPostgres(db: Db, events: NormalisedEvent[]): Promise<string[]> {
  return db.$transaction(
    async (tx) => {
      // Wait for another writer's locks (a chain head, a rollup row) this long, not forever: then the caller
      // gets a "locked" error it can report and retry.
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${lockTimeoutMs()}`);
      const keyIds = uniqueValues(events.map((e) => e.userIdentity.accessKeyId));
      const userNames = uniqueValues(events.map((e) => e.userIdentity.userName));
      const [keys, users] = await Promise.all([
        keyIds.length ? tx.accessKey.findMany({ where: { accessKeyId: { in: keyIds } }, select: { accessKeyId: true, userId: true } }) : [],
        userNames.length
          ? tx.user.findMany({ where: { userName: { in: userNames } }, select: { id: true, userName: true, account: { select: { accountId: true } } } })
          : [],
      ]);
      const byKey = new Map(keys.map((k) => [k.accessKeyId, k.userId]));
      const byName = new Map(users.map((u) => [ownerKey(u.account.accountId, u.userName), u.id]));

      // One writer at a time from here to commit, so Event.seq is assigned in commit order: the background
      // consumers (alarms, tracking sets) read "seq > position" and must never see seq 11 before seq 10 commits.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_WRITER_LOCK})`);
      const heads = await lockChainHeads(tx, [...new Set(events.map((e) => chainKeyOf(e.accountId)))]);
      const existing = new Set<string>();
      const ids = [...new Set(events.map((e) => e.eventId))];
      for (let i = 0; i < ids.length; i += 10_000) {
        const rows = await tx.$queryRawUnsafe<{ eventId: string }[]>(`SELECT "eventId" FROM "Event" WHERE "eventId" = ANY($1::text[])`, ids.slice(i, i + 10_000));
        for (const row of rows) existing.add(row.eventId);
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
        const params = chunk.flatMap((r) => eventRowValues(r.fields, r.owner, r.link, (d) => d, (b) => b));
        const rows = await tx.$queryRawUnsafe<{ eventId: string }[]>(insertSql(chunk.length), ...params);
        for (const row of rows) stored.add(row.eventId);
        // Another transaction stored one of these eventIds meanwhile (under another account's lock): its link
        // would leave a gap in the chain, so give up the whole batch; the caller's retry finds it stored.
        if (rows.length !== chunk.length) throw new Error("An event of this batch was stored concurrently: retry the batch.");
      }
      await saveChainHeads(tx, heads);
      // A batch may carry one eventId twice: only its first copy was stored, so count it once.
      const keyUsage: OwnedUsageEvent[] = [];
      const counted = new Set<string>();
      for (const event of events) {
        if (!stored.has(event.eventId) || counted.has(event.eventId)) continue;
        counted.add(event.eventId);
        const usage = keyUsageOf(event, owners.get(event.eventId) ?? null);
        if (usage) keyUsage.push(usage);
      }
      await writeKeyUsagePostgres(tx, keyUsage);
      const insertedEventIds = inInputOrder(events, new Set(stored));
      for (const [accessKeyId, event] of latestKeyUses(events, stored)) {
        await tx.accessKey.updateMany({
          where: { accessKeyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: event.eventTime } }] },
          data: { lastUsedAt: event.eventTime, lastUsedService: event.service, lastUsedRegion: event.region, lastUsedIp: event.sourceIpAddress },
        });
      }
      return insertedEventIds;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** Creates the missing heads, then locks them all, in key order. */
async function lockChainHeads(tx: Tx, keys: string[]): Promise<Map<string, ChainHead>> {
  keys.sort();
  await tx.$executeRawUnsafe(
    `INSERT INTO "ChainHead" ("chainKey", "length", "lastHash", "updatedAt") SELECT k, 0, $2, now() FROM unnest($1::text[]) AS k
     ON CONFLICT ("chainKey") DO NOTHING`,
    keys,
    GENESIS_HASH,
  );
  const rows = await tx.$queryRawUnsafe<({ chainKey: string } & ChainHead)[]>(
    `SELECT "chainKey", "length", "lastHash", "lastEventId" FROM "ChainHead" WHERE "chainKey" = ANY($1::text[]) ORDER BY "chainKey" FOR UPDATE`,
    keys,
  );
  return new Map(rows.map((r) => [r.chainKey, { length: Number(r.length), lastHash: r.lastHash, lastEventId: r.lastEventId }]));
}

async function saveChainHeads(tx: Tx, heads: Map<string, ChainHead>): Promise<void> {
  for (const [key, head] of heads) {
    await tx.$executeRawUnsafe(
      `UPDATE "ChainHead" SET "length" = $2, "lastHash" = $3, "lastEventId" = $4, "updatedAt" = now() WHERE "chainKey" = $1 AND "length" <> $2`,
      key,
      head.length,
      head.lastHash,
      head.lastEventId,
    );
  }
}
