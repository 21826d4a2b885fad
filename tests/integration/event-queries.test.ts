// The explorer's queries against a real database: every filter alone and combined, keyset paging in both
// orders and directions, the team lead's scope, and the capped count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { parseEventFilter, type EventFilter } from "@/lib/domain/event-filter";
import { exportEventsStream } from "@/lib/export/export-events";
import { countEvents, getEvent, listEvents, neighbours } from "@/lib/queries/events";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const now = new Date("2026-11-21T12:00:00.000Z");
const USERS = ["alice", "bob", "carol"] as const;
const IPS = ["10.1.16.5", "10.1.40.7", "203.0.113.9"];
const NAMES = ["DescribeInstances", "CreateUser", "GetObject"];

// 60 events, one a minute before `now`; every attribute cycles so expected counts are easy to compute.
const events: NormalisedEvent[] = Array.from({ length: 60 }, (_, i) =>
  buildEvent({
    eventId: `q-${String(i).padStart(3, "0")}`,
    eventTime: new Date(now.getTime() - (i + 1) * 60_000),
    eventName: NAMES[i % 3],
    eventSource: ["ecs.aliyuncs.com", "ram.aliyuncs.com", "oss.aliyuncs.com"][i % 3],
    service: ["ecs", "ram", "oss"][i % 3],
    eventType: i % 10 === 0 ? "ConsoleSignin" : "ApiCall",
    readOnly: i % 3 !== 1,
    sensitive: i % 3 === 1,
    accountId: i < 50 ? "111111111111" : "222222222222",
    userIdentity: { principalId: `p-${USERS[i % 3]}`, userName: USERS[i % 3], accessKeyId: `LTAI-${USERS[i % 3]}` },
    sourceIpAddress: IPS[i % 3],
    userAgent: "test",
    region: i % 2 ? "cn-beijing" : "cn-hangzhou",
    resources: [{ type: "ACS::Test::Thing", name: `thing-${i % 5}` }],
    requestId: `r-${i}`,
    errorCode: i % 4 === 0 ? "NoPermission" : null,
    errorMessage: i % 4 === 0 ? "You are not authorized to do this." : null,
  }),
);

function filterOf(query: string): EventFilter {
  const parsed = parseEventFilter(new URLSearchParams(query), { now, maxLimit: 1000 });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

async function ids(query: string, scope: number[] | null = null): Promise<string[]> {
  return (await listEvents(database, filterOf(`limit=1000&${query}`), scope)).events.map((e) => e.eventId);
}

const expected = (keep: (i: number) => boolean) =>
  events
    .map((_, i) => i)
    .filter(keep)
    .map((i) => events[i].eventId);

let aliceId: number;

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "111111111111", name: "Query Org" } });
  for (const userName of USERS) {
    const user = await db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "SubUser",
      },
    });
    if (userName === "alice") aliceId = user.id;
  }
  await ingestEvents(database, events);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("event filters", () => {
  it("each filter alone selects exactly its events, newest first", async () => {
    expect(await ids("")).toEqual(expected(() => true));
    expect(await ids("userName=alice")).toEqual(expected((i) => i % 3 === 0));
    expect(await ids("userName=p-bob")).toEqual(expected((i) => i % 3 === 1));
    expect(await ids("eventName=CreateUser,GetObject")).toEqual(expected((i) => i % 3 !== 0));
    expect(await ids("service=oss")).toEqual(expected((i) => i % 3 === 2));
    expect(await ids("service=oss.aliyuncs.com")).toEqual(expected((i) => i % 3 === 2));
    expect(await ids("eventType=ConsoleSignin")).toEqual(expected((i) => i % 10 === 0));
    expect(await ids("readOnly=false")).toEqual(expected((i) => i % 3 === 1));
    expect(await ids("result=failed")).toEqual(expected((i) => i % 4 === 0));
    expect(await ids("result=success")).toEqual(expected((i) => i % 4 !== 0));
    expect(await ids("errorCode=NoPermission")).toEqual(expected((i) => i % 4 === 0));
    expect(await ids("sensitive=true")).toEqual(expected((i) => i % 3 === 1));
    expect(await ids("accessKeyId=LTAI-carol")).toEqual(expected((i) => i % 3 === 2));
    expect(await ids("sourceIp=10.1.16.0/20")).toEqual(expected((i) => i % 3 === 0));
    expect(await ids("sourceIp=10.1.0.0/16")).toEqual(expected((i) => i % 3 !== 2));
    expect(await ids("sourceIp=203.0.113.9")).toEqual(expected((i) => i % 3 === 2));
    expect(await ids("region=cn-beijing")).toEqual(expected((i) => i % 2 === 1));
    expect(await ids("resourceType=ACS::Test::Thing")).toEqual(expected(() => true));
    expect(await ids("resourceName=thing-3")).toEqual(expected((i) => i % 5 === 3));
    expect(await ids("requestId=r-7")).toEqual(["q-007"]);
    expect(await ids("eventId=q-042")).toEqual(["q-042"]);
    expect(await ids("accountId=222222222222")).toEqual(expected((i) => i >= 50));
    expect(await ids("principalType=SubUser")).toHaveLength(60);
    expect(await ids("q=authorized")).toEqual(expected((i) => i % 4 === 0));
    expect(await ids("q=thing-4")).toEqual(expected((i) => i % 5 === 4));
    expect(await ids("range=1h")).toEqual(expected((i) => i < 60)); // all 60 are within the hour
    expect(await ids("from=2026-11-21T11:50:00Z&to=2026-11-21T11:55:00Z")).toEqual(expected((i) => i >= 4 && i <= 9));
  });

  it("combines filters with AND", async () => {
    expect(await ids("userName=alice&result=failed&region=cn-hangzhou")).toEqual(
      expected((i) => i % 3 === 0 && i % 4 === 0 && i % 2 === 0),
    );
    expect(await ids("service=ram&readOnly=false&sensitive=true&result=failed")).toEqual(
      expected((i) => i % 3 === 1 && i % 4 === 0),
    );
    expect(await ids("userName=alice,bob&sourceIp=203.0.113.9")).toEqual([]);
    expect(await ids("order=asc&userName=carol")).toEqual(expected((i) => i % 3 === 2).reverse());
  });

  it("limits a team lead to their members, in lists, counts and single events", async () => {
    expect(await ids("", [aliceId])).toEqual(expected((i) => i % 3 === 0 && i < 50)); // account 2222 events are not attributed
    expect(await getEvent(database, "q-003", [aliceId])).toMatchObject({ eventId: "q-003" });
    expect(await getEvent(database, "q-001", [aliceId])).toBeNull();
    expect(await getEvent(database, "q-001", null)).toMatchObject({ eventId: "q-001" });
    expect(await countEvents(database, filterOf(""), [aliceId])).toEqual({ count: 17, capped: false });
    expect(await countEvents(database, filterOf(""), [])).toEqual({ count: 0, capped: false });
  });
});

describe("keyset paging", () => {
  for (const order of ["desc", "asc"] as const) {
    it(`walks every event once forward and back again (${order})`, async () => {
      const all = order === "desc" ? expected(() => true) : expected(() => true).reverse();
      const pages: string[][] = [];
      let page = await listEvents(database, filterOf(`order=${order}&limit=25`), null);
      expect(page.previousCursor).toBeNull();
      pages.push(page.events.map((e) => e.eventId));
      while (page.nextCursor) {
        page = await listEvents(database, filterOf(`order=${order}&limit=25&cursor=${page.nextCursor}`), null);
        pages.push(page.events.map((e) => e.eventId));
      }
      expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
      expect(pages.flat()).toEqual(all);
      // And back: the previous cursors give the same pages in reverse.
      const back = await listEvents(database, filterOf(`order=${order}&limit=25&cursor=${page.previousCursor}`), null);
      expect(back.events.map((e) => e.eventId)).toEqual(pages[1]);
      const first = await listEvents(database, filterOf(`order=${order}&limit=25&cursor=${back.previousCursor}`), null);
      expect(first.events.map((e) => e.eventId)).toEqual(pages[0]);
      expect(first.previousCursor).toBeNull();
      expect(first.nextCursor).not.toBeNull();
    });
  }

  it("finds an event's neighbours in the current filter", async () => {
    const event = (await getEvent(database, "q-003", null))!;
    expect(await neighbours(database, filterOf("userName=alice"), null, event)).toEqual({
      previous: "q-000",
      next: "q-006",
    });
    expect(await neighbours(database, filterOf("userName=alice&order=asc"), null, event)).toEqual({
      previous: "q-006",
      next: "q-000",
    });
  });
});

describe("export", () => {
  const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it("streams the filtered result as CSV, quoted, formula-safe, within scope", async () => {
    const hostile = {
      ...events[0],
      eventId: "q-hostile",
      eventTime: new Date(now.getTime() - 30_000),
      eventName: '=HYPERLINK("http://x")',
      errorMessage: 'say "hi", then\nleave',
    };
    await ingestEvents(database, [hostile]);
    let counted = -1;
    const csv = await read(
      exportEventsStream(database, filterOf("userName=alice"), null, "csv", async (rows) => void (counted = rows)),
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "eventTime,eventId,eventName,service,eventSource,eventType,readOnly,sensitive,accountId,userName,identityType,principalId,roleName,accessKeyId,mfaUsed,sourceIpAddress,userAgent,region,resources,requestId,errorCode,errorMessage",
    );
    expect(counted).toBe(21);
    expect(csv).toContain(`2026-11-21T11:59:30.000Z,q-hostile,"'=HYPERLINK(""http://x"")",ecs,`);
    expect(csv).toContain(`"say ""hi"", then\nleave"`);
    expect(lines.filter((l) => l.startsWith("2026-")).length).toBe(21);
    const scoped = await read(exportEventsStream(database, filterOf(""), [aliceId], "csv"));
    expect(scoped.split("\r\n").filter((l) => l.startsWith("2026-")).length).toBe(18);
  });

  it("streams JSON Lines with the raw record", async () => {
    const text = await read(exportEventsStream(database, filterOf("eventId=q-007"), null, "jsonl"));
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      eventId: "q-007",
      eventName: "CreateUser",
      userIdentity: { userName: "bob" },
      raw: events[7].raw,
    });
  });
});

describe("counting", () => {
  it("counts exactly up to 10,000 and says 'more' beyond", async () => {
    expect(await countEvents(database, filterOf("userName=alice"), null)).toEqual({ count: 21, capped: false }); // 20 + the export test's event
    const many = Array.from({ length: 10_001 }, (_, i) => ({ ...events[0], eventId: `bulk-${i}`, requestId: null }));
    await ingestEvents(database, many);
    expect(await countEvents(database, filterOf(""), null)).toEqual({ count: 10_000, capped: true });
  });
});
