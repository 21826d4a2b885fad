import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "./csv-safe";

describe("neutraliseFormula", () => {
  it("prefixes cells that a spreadsheet would run", () => {
    for (const cell of ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });
  it("leaves everything else alone", () => {
    for (const cell of ["alice", "", "1.2.3.4", "a=b", "日本"]) expect(neutraliseFormula(cell)).toBe(cell);
  });
});
