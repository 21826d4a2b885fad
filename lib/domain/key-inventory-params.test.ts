import { describe, expect, it } from "vitest";
import { parseInventoryQuery } from "./key-inventory-params";

const parse = (query: string) => parseInventoryQuery(new URLSearchParams(query));

describe("parseInventoryQuery", () => {
  it("defaults: active and disabled keys (deleted hidden), newest first", () => {
    expect(parse("")).toEqual({
      ok: true,
      value: { flags: [], owners: [], statuses: ["Active", "Disabled"], sort: "created", order: "desc" },
    });
  });

  it("reads repeated and comma-separated values, once each", () => {
    expect(
      parse("flag=atRisk,neverUsed&flag=atRisk&owner=alice&owner=%20bob%20&status=Deleted&sort=owner&order=desc"),
    ).toEqual({
      ok: true,
      value: {
        flags: ["atRisk", "neverUsed"],
        owners: ["alice", "bob"],
        statuses: ["Deleted"],
        sort: "owner",
        order: "desc",
      },
    });
  });

  it("each column has a natural first direction", () => {
    expect(parse("sort=accessKeyId")).toMatchObject({ value: { sort: "accessKeyId", order: "asc" } });
    expect(parse("sort=daysUnused")).toMatchObject({ value: { sort: "daysUnused", order: "desc" } });
    expect(parse("sort=lastUsed&order=asc")).toMatchObject({ value: { sort: "lastUsed", order: "asc" } });
  });

  it("ignores empty values and unknown parameters", () => {
    expect(parse("flag=&owner=&status=&utm=1")).toMatchObject({
      ok: true,
      value: { flags: [], owners: [], statuses: ["Active", "Disabled"] },
    });
  });

  it.each([
    ["flag=old", "flag", 'flag: "old" is not one of neverUsed, unused90, rotationDue, created30, atRisk'],
    ["status=active", "status", 'status: "active" is not one of Active, Disabled, Deleted, NotInInventory'],
    [
      "sort=secret",
      "sort",
      'sort: "secret" is not one of accessKeyId, owner, status, created, lastUsed, lastUsedService, lastUsedRegion, daysUnused, flags',
    ],
    ["order=up", "order", 'order: "up" is not asc or desc'],
    [`owner=${"x".repeat(129)}`, "owner", "owner: a user name is at most 128 characters"],
  ])("refuses %s with a message naming the parameter", (query, param, message) => {
    expect(parse(query)).toEqual({ ok: false, param, message });
  });
});
