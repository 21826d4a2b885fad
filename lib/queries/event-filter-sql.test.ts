import { describe, expect, it } from "vitest";
import { builderFor, dialectOf } from "@/lib/db/sql";
import { parseEventFilter, type EventFilter } from "@/lib/domain/event-filter";
import { eventPage } from "./event-filter-sql";

const now = new Date("2026-11-21T12:00:00.000Z");
// Going back a page (direction "before") from 11:00 in ascending order.
const BACK_CURSOR = "YnwyMDI2LTExLTIxVDExOjAwOjAwLjAwMFp8ZS03";

function filterOf(query: string): EventFilter {
  const parsed = parseEventFilter(new URLSearchParams(`range=24h&limit=50&${query}`), { now });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const compiled = (provider: "sqlite" | "postgresql", query: string, scope: number[] | null) => {
  const select = builderFor(provider).selectFrom("Event").select("eventId");
  const { sql, parameters } = eventPage(select, filterOf(query), scope, dialectOf(provider)).compile();
  return { sql, parameters };
};

const ORDER_DESC = `order by "Event"."eventTime" desc, "Event"."eventId" desc`;

describe("eventPage", () => {
  it("binds the scope, the time range and one row more than the page, times in each database's form", () => {
    expect(compiled("sqlite", "", [1, 2])).toEqual({
      sql: `select "eventId" from "Event" where ("userId" in (?, ?) and "eventTime" >= ? and "eventTime" <= ?) ${ORDER_DESC} limit ?`,
      parameters: [1, 2, "2026-11-20T12:00:00.000+00:00", "2026-11-21T12:00:00.000+00:00", 51],
    });
    expect(compiled("postgresql", "", null)).toEqual({
      sql: `select "eventId" from "Event" where ("eventTime" >= $1::timestamp(3) and "eventTime" <= $2::timestamp(3)) ${ORDER_DESC} limit $3`,
      parameters: ["2026-11-20T12:00:00.000Z", "2026-11-21T12:00:00.000Z", 51],
    });
  });

  it("matches no one for an empty scope", () => {
    expect(compiled("sqlite", "", []).sql).toContain(`where (false and "eventTime" >= ?`);
  });

  it("ORs the values of a field, ANDs the fields, and matches text with LIKE", () => {
    const query = "userName=alice,bob&readOnly=true&sourceIp=10.1.0.0/16,203.0.113.9&q=x_y";
    const where =
      `(("userName" = ? or "principalId" = ? or "roleName" = ?) or ("userName" = ? or "principalId" = ? or "roleName" = ?))` +
      ` and ("sourceIpAddress" like ? or "sourceIpAddress" in (?)) and "readOnly" = ?` +
      ` and ("eventName" like ? or "resources" like ? or "errorMessage" like ?)`;
    const sqlite = compiled("sqlite", query, null);
    expect(sqlite.sql).toContain(where);
    // better-sqlite3 binds 1/0 for booleans; PostgreSQL true/false.
    expect(sqlite.parameters.slice(2)).toEqual([
      "alice",
      "alice",
      "alice",
      "bob",
      "bob",
      "bob",
      "10.1.%",
      "203.0.113.9",
      1,
      "%x_y%",
      "%x_y%",
      "%x_y%",
      51,
    ]);
    expect(compiled("postgresql", query, null).parameters[10]).toBe(true);
  });

  it("reads back from the cursor the other way, the range narrowed to the cursor's side", () => {
    expect(compiled("sqlite", `order=asc&cursor=${BACK_CURSOR}`, null)).toEqual({
      sql:
        `select "eventId" from "Event" where (("eventTime" >= ? and "eventTime" <= ?)` +
        ` and ("eventTime" < ? or ("eventTime" = ? and "eventId" < ?))) ${ORDER_DESC} limit ?`,
      parameters: [
        "2026-11-20T12:00:00.000+00:00",
        "2026-11-21T11:00:00.000+00:00",
        "2026-11-21T11:00:00.000+00:00",
        "2026-11-21T11:00:00.000+00:00",
        "e-7",
        51,
      ],
    });
  });
});
