import { describe, expect, it } from "vitest";
import { sortRows, type InventoryRow } from "./access-key-inventory";

const row = (accessKeyId: string, overrides: Partial<InventoryRow> = {}): InventoryRow => ({
  accessKeyId,
  status: "Active",
  inInventory: true,
  owner: { userName: "alice", userId: 1, deleted: false },
  createdAt: new Date("2026-01-01T00:00:00Z"),
  lastUsedAt: null,
  lastUsedService: null,
  lastUsedRegion: null,
  lastUsedIp: null,
  daysUnused: null,
  flags: [],
  riskReasons: [],
  ...overrides,
});

const ids = (rows: InventoryRow[]) => rows.map((r) => r.accessKeyId);

describe("sortRows", () => {
  const rows = [
    row("K3", { lastUsedAt: new Date("2026-02-01T00:00:00Z"), daysUnused: 5, flags: ["created30"] }),
    row("K1", { lastUsedAt: null, daysUnused: 40, flags: ["neverUsed", "created30"] }),
    row("K2", { lastUsedAt: new Date("2026-03-01T00:00:00Z"), daysUnused: 5, flags: ["atRisk"] }),
  ];

  it("sorts either way with missing values last and ties by key ID", () => {
    expect(ids(sortRows(rows, "lastUsed", "asc"))).toEqual(["K3", "K2", "K1"]);
    expect(ids(sortRows(rows, "lastUsed", "desc"))).toEqual(["K2", "K3", "K1"]);
    expect(ids(sortRows(rows, "daysUnused", "asc"))).toEqual(["K2", "K3", "K1"]);
    expect(ids(sortRows(rows, "accessKeyId", "desc"))).toEqual(["K3", "K2", "K1"]);
  });

  it("flags: at risk first, then by how many", () => {
    expect(ids(sortRows(rows, "flags", "desc"))).toEqual(["K2", "K1", "K3"]);
  });
});
