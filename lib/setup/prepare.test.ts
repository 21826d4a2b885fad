import { describe, expect, it } from "vitest";
import { demoModeEnabled, describeDatabase } from "./prepare";

describe("prepare", () => {
  it("describes the database without its credentials", () => {
    expect(describeDatabase("postgresql://keytrail:s3cret@db.example:6432/audit")).toBe(
      "PostgreSQL db.example:6432/audit",
    );
    expect(describeDatabase("postgres://u:p@localhost/k")).toBe("PostgreSQL localhost:5432/k");
    expect(describeDatabase("file:./data/keytrail.db")).toBe("SQLite ./data/keytrail.db");
  });

  it("is in demo mode unless KEYTRAIL_DEMO turns it off", () => {
    expect(demoModeEnabled({})).toBe(true);
    expect(demoModeEnabled({ KEYTRAIL_DEMO: "1" })).toBe(true);
    for (const off of ["0", "false", "OFF", "no"]) expect(demoModeEnabled({ KEYTRAIL_DEMO: off })).toBe(false);
  });
});
