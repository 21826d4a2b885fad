// The key risk rules' two SQL aggregates (lib/queries/key-usage-aggregates.ts) against a real database (SQLite
// and PostgreSQL): first days of successful use per IP and region (failed calls teach nothing), the days over
// the distinct-IP limit counted across services, and the same answers whether all keys are read or the keys
// are named, in more than one chunk of IDs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { busyIpDays, firstUseDays } from "@/lib/queries/key-usage-aggregates";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const KEYS = Array.from({ length: 1_200 }, (_, i) => `LTAIAGGREGATE${String(i).padStart(7, "0")}`);
const BUSY = KEYS[7];

let seq = 0;
function use(
  accessKeyId: string,
  iso: string,
  ip: string,
  region: string,
  o: Partial<NormalisedEvent> = {},
): NormalisedEvent {
  const eventId = `e-agg-${++seq}`;
  return {
    ...buildEvent({
      eventId,
      eventTime: new Date(iso),
      userIdentity: { principalId: "p-agg", userName: "agg", accessKeyId },
      sourceIpAddress: ip,
      userAgent: "vitest",
      region,
      requestId: `req-${eventId}`,
    }),
    ...o,
  };
}

beforeAll(async () => {
  await resetDatabase(database);
  const events: NormalisedEvent[] = [];
  KEYS.forEach((key, i) => {
    events.push(use(key, "2026-06-10T10:00:00.000Z", `10.0.${i >> 8}.${i & 255}`, "cn-hangzhou"));
    events.push(use(key, "2026-06-12T10:00:00.000Z", `10.0.${i >> 8}.${i & 255}`, "cn-hangzhou"));
  });
  // The busy key: 11 IPs on 2026-06-13, over two services (counted once each); a 12th that only failed.
  for (let n = 0; n < 11; n++) {
    events.push(use(BUSY, `2026-06-13T0${n % 10}:00:00.000Z`, `203.0.113.${n}`, "eu-central-1"));
    events.push(
      use(BUSY, `2026-06-13T0${n % 10}:30:00.000Z`, `203.0.113.${n}`, "eu-central-1", {
        service: "oss",
        eventSource: "oss.aliyuncs.com",
      }),
    );
  }
  events.push(
    use(BUSY, "2026-06-13T11:00:00.000Z", "198.51.100.1", "us-west-1", {
      errorCode: "Forbidden",
      errorMessage: "denied",
    }),
  );
  // 10 IPs on 2026-06-14: not over the limit.
  for (let n = 0; n < 10; n++) events.push(use(BUSY, `2026-06-14T0${n}:00:00.000Z`, `192.0.2.${n}`, "eu-central-1"));
  await ingestEvents(database, events);
});

afterAll(async () => {
  await database.db.$disconnect();
});

const sorted = <T extends object>(rows: T[]) =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe("firstUseDays", () => {
  it("gives each key's first day of successful use per IP and region", async () => {
    const all = await firstUseDays(database);
    // Every key: one IP and one region; the busy key adds 21 IPs and eu-central-1, not the failed IP or region.
    expect(all).toHaveLength(KEYS.length * 2 + 21 + 1);
    expect(sorted(all.filter((r) => r.accessKeyId === KEYS[300]))).toEqual([
      { accessKeyId: KEYS[300], kind: "ip", value: "10.0.1.44", day: "2026-06-10" },
      { accessKeyId: KEYS[300], kind: "region", value: "cn-hangzhou", day: "2026-06-10" },
    ]);
    expect(all.filter((r) => r.accessKeyId === BUSY && r.value === "198.51.100.1")).toEqual([]);
    expect(all.find((r) => r.accessKeyId === BUSY && r.value === "203.0.113.4")).toEqual({
      accessKeyId: BUSY,
      kind: "ip",
      value: "203.0.113.4",
      day: "2026-06-13",
    });
  });

  it("answers the same for named keys, over several chunks of IDs", async () => {
    expect(sorted(await firstUseDays(database, KEYS))).toEqual(sorted(await firstUseDays(database)));
    expect(sorted(await firstUseDays(database, [KEYS[0], KEYS[1100]]))).toEqual(
      sorted((await firstUseDays(database)).filter((r) => [KEYS[0], KEYS[1100]].includes(r.accessKeyId))),
    );
    expect(await firstUseDays(database, [])).toEqual([]);
  });
});

describe("busyIpDays", () => {
  it("gives only the days over the limit, counting IPs across services", async () => {
    expect(await busyIpDays(database, "2026-06-01", 10)).toEqual([{ accessKeyId: BUSY, day: "2026-06-13", ips: 11 }]);
    expect(await busyIpDays(database, "2026-06-14", 10)).toEqual([]);
    expect(sorted(await busyIpDays(database, "2026-06-01", 9))).toEqual([
      { accessKeyId: BUSY, day: "2026-06-13", ips: 11 },
      { accessKeyId: BUSY, day: "2026-06-14", ips: 10 },
    ]);
  });

  it("answers the same for named keys, over several chunks of IDs", async () => {
    expect(await busyIpDays(database, "2026-06-01", 10, KEYS)).toEqual([
      { accessKeyId: BUSY, day: "2026-06-13", ips: 11 },
    ]);
    expect(await busyIpDays(database, "2026-06-01", 10, [KEYS[0]])).toEqual([]);
    expect(await busyIpDays(database, "2026-06-01", 10, [])).toEqual([]);
  });
});
