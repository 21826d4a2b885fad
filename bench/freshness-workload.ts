// Freshness: the time from the ingest API's answer to the event being visible in the explorer (the event's page)
// and in the AccessKey audit (its key's call count), on the benchmark's large database. A signed request goes
// through the real handler; each run sends one new event carrying the bench key.
import { randomBytes } from "node:crypto";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { findAuditedKey } from "@/lib/queries/access-key-audit";
import { listEvents } from "@/lib/queries/events";
import { summarise, type Figure } from "./measure";

const URL_ = "http://keytrail.bench/api/v1/events";

export async function measureFreshness(database: Database, runs: number): Promise<{ explorer: Figure; audit: Figure }> {
  const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
  const account = await database.db.account.findFirstOrThrow();
  const user = await database.db.user.create({
    data: { accountId: account.id, userName: `bench-fresh-${Date.now()}`, principalId: `p-bench-fresh-${Date.now()}`, displayName: "Freshness bench", userType: "SubUser" },
  });
  const key = { id: `LTAIFRESH${randomBytes(6).toString("hex").toUpperCase()}`.slice(0, 24), secret: randomBytes(15).toString("hex") };
  await database.db.accessKey.create({ data: { accessKeyId: key.id, userId: user.id, status: "Active", secretEncrypted: encryptSecret(key.secret, encryptionKey(env)) } });
  const explorer: number[] = [];
  const audit: number[] = [];
  for (let run = 0; run < runs; run++) {
    const eventId = `bench-fresh-${run}-${randomBytes(4).toString("hex")}`;
    const body = JSON.stringify({
      events: [{
        eventId, eventTime: new Date().toISOString(), eventName: "DescribeInstances", eventSource: "ecs.aliyuncs.com", accountId: account.accountId,
        userIdentity: { type: "SubUser", userName: user.userName, accessKeyId: key.id }, sourceIpAddress: "203.0.113.9",
      }],
    });
    const headers = await signRequest({ url: URL_, body, accessKeyId: key.id, secret: key.secret });
    const before = (await findAuditedKey(database, key.id, null))?.calls ?? 0;
    const response = await handleIngestRequest(new Request(URL_, { method: "POST", headers, body }), database, { env });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
    const answered = performance.now();
    const filter = parseEventFilter(new URLSearchParams({ eventId, range: "24h" }), { now: new Date() });
    if (!filter.ok) throw new Error(filter.message);
    while ((await listEvents(database, filter.filter, null)).events.length === 0) await new Promise((r) => setTimeout(r, 1));
    explorer.push(performance.now() - answered);
    // The event and the audited API call itself both carry the key.
    while (((await findAuditedKey(database, key.id, null))?.calls ?? 0) < before + 1) await new Promise((r) => setTimeout(r, 1));
    audit.push(performance.now() - answered);
  }
  return { explorer: summarise(explorer), audit: summarise(audit) };
}
