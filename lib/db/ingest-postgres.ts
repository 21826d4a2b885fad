// PostgreSQL's bulk ingest: multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING through Prisma's connection,
// in one transaction with the owner look-ups, AccessKey last-used updates and audit rollups.
import type { NormalisedEvent } from "@/lib/domain/event";
import type { Db } from "./client";
import type { OwnedUsageEvent } from "@/lib/domain/key-usage";
import { EVENT_COLUMNS, eventRowValues, inInputOrder, keyUsageOf, latestKeyUses, ownerKey, ownerOf, uniqueValues } from "./event-rows";
import { writeKeyUsagePostgres } from "./key-usage-write";

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

export async function ingestPostgres(db: Db, events: NormalisedEvent[]): Promise<string[]> {
  return db.$transaction(
    async (tx) => {
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

      const receivedAt = new Date();
      const stored = new Set<string>();
      const owners = new Map<string, number | null>();
      for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
        const chunk = events.slice(i, i + ROWS_PER_STATEMENT);
        const params = chunk.flatMap((e) => {
          const owner = ownerOf(e, byKey, byName);
          owners.set(e.eventId, owner);
          return eventRowValues(e, receivedAt, owner, (d) => d, (b) => b);
        });
        const rows = await tx.$queryRawUnsafe<{ eventId: string }[]>(insertSql(chunk.length), ...params);
        for (const row of rows) stored.add(row.eventId);
      }
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
