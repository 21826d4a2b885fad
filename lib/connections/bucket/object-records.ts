// One bucket object's bytes into events, through the file import's reader and normalisers (gunzipped by its magic
// bytes, whatever its name; JSON documents or JSON Lines; the format from its first record). What cannot become an
// event (a malformed record, a truncated gzip, an unknown format, an oversized record) comes back as problems
// named by the object's key; the records before the damage still count.
import { createHash } from "node:crypto";
import type { NormalisedEvent } from "@/lib/domain/event";
import { FileNormaliser } from "@/lib/import/import-items";
import { readSourceBytes } from "@/lib/import/read-source-files";
import type { RecordProblem } from "../store-records";

/** Problems kept per object: one damaged object must not push every other problem out of the connection's list. */
export const MAX_PROBLEMS_PER_OBJECT = 20;

export interface ObjectRecords {
  events: NormalisedEvent[];
  rejected: number;
  problems: RecordProblem[];
  sha256: string;
}

export async function objectRecords(key: string, bytes: Uint8Array): Promise<ObjectRecords> {
  const events: NormalisedEvent[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  const normaliser = new FileNormaliser();
  for await (const item of readSourceBytes(key, bytes)) {
    const taken = normaliser.take(item);
    if (taken === null) continue;
    if (typeof taken === "string") {
      rejected++;
      reasons.push(taken);
    } else events.push(taken);
  }
  const unknown = normaliser.unknownFormat();
  if (unknown) {
    rejected += unknown.count;
    reasons.push(`${unknown.reason} (${unknown.count} record${unknown.count === 1 ? "" : "s"})`);
  }
  const problems = reasons.slice(0, MAX_PROBLEMS_PER_OBJECT).map((reason) => ({ source: key, reason }));
  if (reasons.length > MAX_PROBLEMS_PER_OBJECT)
    problems.push({ source: key, reason: `and ${reasons.length - MAX_PROBLEMS_PER_OBJECT} more problems` });
  return { events, rejected, problems, sha256: createHash("sha256").update(bytes).digest("hex") };
}
