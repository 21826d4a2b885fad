// Each newly written signed digest goes to every enabled tracking set that asks for digests (deliverDigests),
// through its destination (lib/delivery/digest-delivery.ts). A failure never stops the digest being written:
// it is kept as the set's last error, for its page to show.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { deliverDigest } from "@/lib/delivery/digest-delivery";
import { deliveryOptions, destinationOf } from "./deliver-sets";

export interface DigestDelivery {
  set: string;
  file: string;
  ok: boolean;
  error?: string;
}

/** `files`: digest files relative to `dir`, with `/` separators. */
export async function deliverDigestFiles(
  database: Database,
  dir: string,
  files: readonly string[],
): Promise<DigestDelivery[]> {
  const { db } = database;
  const sets = await db.trackingSet.findMany({
    where: { enabled: true, deliverDigests: true },
    orderBy: { id: "asc" },
  });
  const results: DigestDelivery[] = [];
  for (const set of sets) {
    let failed: string | null = null;
    for (const file of files) {
      let outcome: DigestDelivery;
      try {
        const text = await readFile(path.join(dir, ...file.split("/")), "utf8");
        const result = await deliverDigest(destinationOf(set), set.name, file, text, deliveryOptions());
        outcome = result.ok
          ? { set: set.name, file, ok: true }
          : { set: set.name, file, ok: false, error: result.error };
      } catch (error) {
        outcome = { set: set.name, file, ok: false, error: (error as Error).message };
      }
      if (!outcome.ok) failed ??= outcome.error!;
      results.push(outcome);
    }
    if (failed) {
      console.error(`Keytrail: tracking set "${set.name}" could not deliver a signed digest: ${failed}`);
      await db.trackingSet.update({
        where: { id: set.id },
        data: { lastError: `Signed digest: ${failed}`.slice(0, 1000) },
      });
    }
  }
  return results;
}
