// Once, for a database whose events were stored before the event chain existed: links those events, in
// insertion order, as the start of each account's chain. It runs only while no chain exists at all (no
// ChainHead row); afterwards a row without a link is an insertion the verifier reports, never something to seal.
import type { Database } from "@/lib/db/client";
import { appendToChain, chainKeyOf, EMPTY_HEAD, type ChainHead } from "@/lib/domain/event-chain";
import type { StoredChainRow } from "@/lib/domain/event-chain-verify";

const PAGE = 5_000;

export async function sealUnchainedEvents(database: Database): Promise<number> {
  const { db } = database;
  if ((await db.chainHead.count()) > 0) return 0;
  if (!(await db.event.findFirst({ where: { hash: null }, select: { seq: true } }))) return 0;
  const heads = new Map<string, ChainHead>();
  let sealed = 0;
  for (let after = 0; ;) {
    const rows: StoredChainRow[] = await db.event.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: PAGE,
      omit: { userId: true },
    });
    if (rows.length === 0) break;
    const updates = rows.map((row) => {
      const key = chainKeyOf(row.accountId);
      const { link, head } = appendToChain(heads.get(key) ?? EMPTY_HEAD, row);
      heads.set(key, head);
      return { seq: row.seq, ...link };
    });
    await db.$transaction(
      updates.map((u) =>
        db.event.update({
          where: { seq: u.seq },
          data: { chainIndex: u.chainIndex, prevHash: u.prevHash, hash: u.hash },
        }),
      ),
    );
    sealed += rows.length;
    after = rows[rows.length - 1].seq;
  }
  await db.chainHead.createMany({
    data: [...heads].map(([chainKey, h]) => ({
      chainKey,
      length: h.length,
      lastHash: h.lastHash,
      lastEventId: h.lastEventId,
    })),
  });
  return sealed;
}
