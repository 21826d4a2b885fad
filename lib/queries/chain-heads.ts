// The event chains' heads and how many tracking sets deliver the signed digests, for the integrity page.
import "server-only";
import type { Database } from "@/lib/db/client";

export function countDigestDeliveringSets({ db }: Database): Promise<number> {
  return db.trackingSet.count({ where: { enabled: true, deliverDigests: true } });
}

/** Every chain that holds events, by chain key. */
export function listChainHeads({ db }: Database) {
  return db.chainHead.findMany({
    where: { length: { gt: 0 } },
    orderBy: { chainKey: "asc" },
  });
}
