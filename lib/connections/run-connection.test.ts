import { describe, expect, it } from "vitest";
import { withoutSecrets } from "./connection-audit";
import { parameterOf } from "./connection-commands";
import { modeOf } from "./run-connection";

describe("the run's mode", () => {
  it("is live without a running backfill", () => {
    expect(modeOf(false, "backfill", true)).toBe("live");
    expect(modeOf(false, null, false)).toBe("live");
  });
  it("is the backfill's, with a live run after a backfill run whenever live is due", () => {
    expect(modeOf(true, null, true)).toBe("backfill");
    expect(modeOf(true, "backfill", true)).toBe("live");
    expect(modeOf(true, "live", true)).toBe("backfill");
    expect(modeOf(true, "backfill", false)).toBe("backfill");
  });
});

describe("what is recorded and answered", () => {
  it("never records a secret the caller sent", () => {
    expect(withoutSecrets({ name: "a", secretAccessKey: "s3cr3t", pushSecret: "", accessKeyId: "AKIA" })).toEqual({
      name: "a",
      secretAccessKey: "(given)",
      pushSecret: "",
      accessKeyId: "AKIA",
    });
    expect(withoutSecrets("not an object")).toBeNull();
  });
  it("names the parameter an error is about", () => {
    expect(parameterOf("region: lower-case letters")).toBe("region");
    expect(parameterOf('No connection named "x"')).toBeUndefined();
    expect(parameterOf("At most 100 connections: remove one")).toBeUndefined();
  });
});
