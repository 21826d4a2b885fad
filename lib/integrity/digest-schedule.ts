// The console server writes a signed digest of every chain when it starts and then every
// KEYTRAIL_DIGEST_INTERVAL_MINUTES (default 60; 0 turns the schedule off, `npm run digest` still works).
// Started once per server process from instrumentation.ts.
import { getDatabase } from "@/lib/db/client";
import { digestDir, digestKeys } from "./digest-key";
import { writeDigests } from "./digests";

const shared = globalThis as { __keytrailDigestTimer?: NodeJS.Timeout };

export function digestIntervalMinutes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.KEYTRAIL_DIGEST_INTERVAL_MINUTES ?? 60);
  return Number.isFinite(value) && value >= 0 ? value : 60;
}

async function writeNow() {
  try {
    const written = await writeDigests(getDatabase(), digestDir(), digestKeys());
    if (written.length) console.log(`Keytrail: ${written.length} event-chain digest(s) written to ${digestDir()}`);
  } catch (error) {
    console.error(`Keytrail: writing the event-chain digests failed: ${(error as Error).message}`);
  }
}

export function startDigestSchedule(): void {
  const minutes = digestIntervalMinutes();
  if (minutes === 0 || shared.__keytrailDigestTimer) return;
  void writeNow();
  shared.__keytrailDigestTimer = setInterval(() => void writeNow(), minutes * 60_000);
  shared.__keytrailDigestTimer.unref();
}
