import { describe, expect, it } from "vitest";
import { columnArrays, unnestInsertSql } from "./postgres-unnest";

describe("unnestInsertSql", () => {
  it("binds one typed array per column, with the tail after it", () => {
    expect(
      unnestInsertSql(
        "T",
        [
          ["a", "text"],
          ["b", "timestamp(3)"],
          ["c", "integer"],
        ],
        "ON CONFLICT DO NOTHING",
      ),
    ).toBe(
      'INSERT INTO "T" ("a", "b", "c") SELECT * FROM unnest($1::text[], $2::timestamp(3)[], $3::integer[]) ON CONFLICT DO NOTHING',
    );
    expect(unnestInsertSql("T", [["a", "text"]])).toBe('INSERT INTO "T" ("a") SELECT * FROM unnest($1::text[])');
  });
});

describe("columnArrays", () => {
  it("turns rows into columns, keeping order and nulls, dates as ISO text", () => {
    const at = new Date("2026-11-22T05:00:00.123Z");
    expect(
      columnArrays(
        [
          ["x", at, 1, true],
          ["y", null, null, false],
        ],
        4,
      ),
    ).toEqual([
      ["x", "y"],
      ["2026-11-22T05:00:00.123Z", null],
      [1, null],
      [true, false],
    ]);
    expect(columnArrays([], 2)).toEqual([[], []]);
  });

  it("refuses a row of the wrong width", () => {
    expect(() => columnArrays([["x"]], 2)).toThrow("row 0 has 1 values, not 2");
  });
});
