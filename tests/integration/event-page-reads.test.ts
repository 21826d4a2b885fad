// The explorer's pages (listEvents, whole records) and the CSV export's (lib/export/csv-page-reader.ts, cells
// straight from the driver) share one filter and keyset (lib/queries/event-filter-sql.ts). Here both readers walk
// the same filters over events with awkward values (LIKE wildcards and case in names, ties on the time, IDs that
// look like formulas, null booleans) and must return the same events in the same order, and the same cells as
// the records give.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import { neutraliseFormula } from "@/lib/domain/csv-safe";
import type { NormalisedEvent } from "@/lib/domain/event";
import { parseEventFilter, type EventFilter } from "@/lib/domain/event-filter";
import { csvPageQuery, csvPageReader } from "@/lib/export/csv-page-reader";
import { listEvents, type EventRecord } from "@/lib/queries/events";
import type { UserScope } from "@/lib/queries/scope";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const now = new Date("2026-11-21T12:00:00.000Z");
const USERS = ["alice", "bob", "Carol_1", "dave%"] as const;
const NAMES = ["DescribeInstances", "describe_instances", "Get%Object", "CreateUser"];
const COLUMNS = [
  "eventTime",
  "eventId",
  "eventName",
  "service",
  "eventSource",
  "eventType",
  "readOnly",
  "sensitive",
  "accountId",
  "userName",
  "identityType",
  "principalId",
  "roleName",
  "accessKeyId",
  "mfaUsed",
  "sourceIpAddress",
  "userAgent",
  "region",
  "resources",
  "requestId",
  "errorCode",
  "errorMessage",
] as const;

// 150 events over two hours, three to a timestamp (so the keyset's eventId tie-break matters).
const events: NormalisedEvent[] = Array.from({ length: 150 }, (_, i) =>
  buildEvent({
    eventId: i % 17 === 0 ? `=HYPERLINK(${i})` : `e-${String((i * 37) % 150).padStart(3, "0")}`,
    eventTime: new Date(now.getTime() - Math.floor(i / 3) * 137_000 - 1),
    eventName: NAMES[i % 4],
    eventSource: ["ecs.aliyuncs.com", "ram.aliyuncs.com", "oss.aliyuncs.com"][i % 3],
    service: ["ecs", "ram", "oss"][i % 3],
    eventType: i % 10 === 0 ? "ConsoleSignin" : "ApiCall",
    readOnly: i % 5 === 0 ? null : i % 2 === 0,
    sensitive: i % 7 === 0,
    accountId: i % 6 === 0 ? "222222222222" : "111111111111",
    userIdentity: {
      type: i % 9 === 0 ? "AssumedRole" : "SubUser",
      principalId: `p-${USERS[i % 4]}`,
      userName: USERS[i % 4],
      accessKeyId: i % 8 === 0 ? null : `LTAI-${USERS[i % 4]}`,
      mfaUsed: i % 3 === 0 ? null : i % 2 === 1,
      roleName: i % 9 === 0 ? "admin-role" : null,
    },
    sourceIpAddress: i % 11 === 0 ? null : [`10.1.${i % 32}.5`, "203.0.113.9", "2001:db8::1"][i % 3],
    userAgent: i % 13 === 0 ? "-cmd|' /C calc'!A0" : 'test, "quoted"',
    region: i % 2 ? "cn-beijing" : "cn-hangzhou",
    resources: [{ type: i % 4 === 0 ? "ACS::ECS::Instance" : "ACS::RAM::User", name: `thing_${i % 5}` }],
    requestId: `r-${i}`,
    errorCode: i % 4 === 0 ? "NoPermission" : null,
    errorMessage: i % 4 === 0 ? "You are NOT authorized,\nsorry." : null,
  }),
);

const FILTERS = [
  "",
  "order=asc",
  "userName=alice",
  "userName=Carol_1,p-bob",
  "userName=admin-role",
  "principalType=AssumedRole",
  "eventName=Get%Object",
  "service=ECS",
  "service=oss.aliyuncs.com,ram",
  "eventType=ConsoleSignin",
  "readOnly=true",
  "readOnly=false",
  "result=failed",
  "result=success",
  "errorCode=NoPermission",
  "sensitive=true",
  "accessKeyId=LTAI-bob",
  "sourceIp=10.1.0.0/16",
  "sourceIp=10.1.16.0/20,203.0.113.9",
  "sourceIp=2001:db8::1",
  "region=cn-beijing",
  "resourceType=ACS::ECS::Instance",
  "resourceName=thing_3",
  "requestId=r-7,r-8",
  "eventId==HYPERLINK(17)",
  "accountId=222222222222",
  "q=describe",
  "q=_",
  "q=%",
  "q=not authorized",
  "q=thing_4",
  "from=2026-11-21T11:00:00Z&to=2026-11-21T11:30:00Z",
  "userName=bob&result=failed&order=asc",
  "service=ecs&readOnly=true&sensitive=true",
  "q=Describe&sourceIp=10.1.0.0/16&region=cn-hangzhou",
];

function filterOf(query: string, limit: number): EventFilter {
  const parsed = parseEventFilter(new URLSearchParams(`range=24h&limit=${limit}&${query}`), { now, maxLimit: 1000 });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** Every event of the filter as whole records, page by page. */
async function throughRecords(query: string, scope: UserScope, limit: number): Promise<EventRecord[]> {
  const found: EventRecord[] = [];
  let filter = filterOf(query, limit);
  for (;;) {
    const page = await listEvents(database, filter, scope);
    found.push(...page.events);
    const last = page.events[page.events.length - 1];
    if (!page.nextCursor || !last) return found;
    filter = { ...filter, cursor: { eventTime: last.eventTime, eventId: last.eventId, direction: "after" } };
  }
}

/** The same through the driver: rows of cells. */
async function throughDriver(query: string, scope: UserScope, limit: number): Promise<string[][]> {
  const read = csvPageReader(database, COLUMNS);
  const found: string[][] = [];
  let filter = filterOf(query, limit);
  for (;;) {
    const page = await read(filter, scope);
    found.push(...page.rows);
    if (!page.next) return found;
    filter = { ...filter, cursor: { ...page.next, direction: "after" } };
  }
}

/** A record's cells, as the export wrote them before it read through the driver. */
function cellsOf(event: EventRecord): string[] {
  return COLUMNS.map((column) => {
    const value = event[column];
    if (value === null || value === undefined) return "";
    if (value instanceof Date) return value.toISOString();
    return neutraliseFormula(String(value));
  });
}

let aliceId: number;
let bobId: number;

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "111111111111", name: "Page SQL Org" } });
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
    if (userName === "bob") bobId = user.id;
  }
  const result = await ingestEvents(database, events);
  expect(result.inserted).toBe(events.length);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the export's driver reads", () => {
  it("give the records' events, order and cells for every filter, across pages of several sizes", async () => {
    let compared = 0;
    for (const query of FILTERS) {
      const expected = (await throughRecords(query, null, 1000)).map(cellsOf);
      for (const limit of [1000, 7]) {
        expect({ query, limit, rows: await throughDriver(query, null, limit) }).toEqual({
          query,
          limit,
          rows: expected,
        });
      }
      compared += expected.length;
    }
    // The filters select something: the comparison is not of empty lists.
    expect(compared).toBeGreaterThan(1000);
    expect((await throughDriver("", null, 1000)).length).toBe(150);
  });

  it("keep to the viewer's scope", async () => {
    for (const scope of [[aliceId], [aliceId, bobId], []] as UserScope[]) {
      for (const query of ["", "order=asc", "q=describe", "sourceIp=10.1.0.0/16"]) {
        const expected = (await throughRecords(query, scope, 1000)).map(cellsOf);
        expect({ scope, query, rows: await throughDriver(query, scope, 9) }).toEqual({ scope, query, rows: expected });
      }
    }
    expect((await throughDriver("", [], 10)).length).toBe(0);
    expect((await throughDriver("", [aliceId], 10)).length).toBe(
      events.filter((e) => e.userIdentity.userName === "alice" && e.accountId === "111111111111").length,
    );
  });

  it("write times in UTC ISO form, booleans as true/false, null as empty, and formula-like text made safe", async () => {
    const rows = await throughDriver("eventId==HYPERLINK(0)", null, 10);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, rows[0][i]]));
    expect(row).toMatchObject({
      eventTime: "2026-11-21T11:59:59.999Z",
      eventId: "'=HYPERLINK(0)",
      readOnly: "",
      sensitive: "true",
      mfaUsed: "",
      accessKeyId: "",
      sourceIpAddress: "",
      userAgent: "'-cmd|' /C calc'!A0",
      errorMessage: "You are NOT authorized,\nsorry.",
    });
  });

  it("walk the time index for their order, with the select list the export uses", async () => {
    // Told not to scan or sort when it can avoid it, a database that can walk the index does; one that must sort
    // (an ORDER BY that means the select list's eventTime text, not the column) still sorts.
    for (const query of ["", "order=asc", "userName=alice"]) {
      const filter = {
        ...filterOf(query, 1000),
        cursor: { eventTime: now, eventId: "e-100", direction: "after" as const },
      };
      const { sql: text, parameters } = csvPageQuery(database, COLUMNS, filter, null);
      const values = [...parameters];
      let plan: string;
      if (database.provider === "postgresql") {
        const client = await database.postgres!().connect();
        try {
          await client.query("SET enable_seqscan = off");
          await client.query("SET enable_sort = off");
          plan = (await client.query({ text: `EXPLAIN ${text}`, values })).rows.map((r) => r["QUERY PLAN"]).join("\n");
          await client.query("RESET ALL");
        } finally {
          client.release();
        }
        expect({ query, plan }).toEqual({ query, plan: expect.stringContaining("Event_eventTime_eventId_idx") });
        expect({ query, plan }).toEqual({ query, plan: expect.not.stringMatching(/\bSort\b/) });
      } else {
        const rows = database.sqliteReader!()
          .prepare(`EXPLAIN QUERY PLAN ${text}`)
          .all(...values) as { detail: string }[];
        plan = rows.map((r) => r.detail).join("\n");
        expect({ query, plan }).toEqual({ query, plan: expect.not.stringContaining("TEMP B-TREE") });
      }
    }
  });

  it("read forward only", async () => {
    const read = csvPageReader(database, COLUMNS);
    const filter = filterOf("", 5);
    await expect(
      read({ ...filter, cursor: { eventTime: now, eventId: "e-001", direction: "before" } }, null),
    ).rejects.toThrow(/forward only/);
  });
});
