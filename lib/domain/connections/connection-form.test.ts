import { describe, expect, it } from "vitest";
import { backfillPercent, connectionInputFromForm, describeLag, describeState, formValuesOf } from "./connection-form";
import { parseConnectionInput } from "./settings";

const bucketForm = {
  kind: "bucket",
  name: " prod-trail ",
  layout: "aws-cloudtrail",
  pattern: "ignored",
  endpoint: "https://s3.us-east-1.amazonaws.com",
  region: "us-east-1",
  bucket: "my-trail",
  prefix: "",
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "s3cr3t",
  pathStyle: "on",
  readDigests: "on",
  pollSeconds: "30",
};

describe("connectionInputFromForm", () => {
  it("turns a bucket form into the shape the command line sends", () => {
    const input = connectionInputFromForm(bucketForm);
    expect(input).toEqual({
      kind: "bucket",
      name: "prod-trail",
      layout: "aws-cloudtrail",
      endpoint: "https://s3.us-east-1.amazonaws.com",
      region: "us-east-1",
      bucket: "my-trail",
      prefix: "",
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "s3cr3t",
      pathStyle: true,
      readDigests: true,
      pollSeconds: 30,
    });
    expect(parseConnectionInput(input).ok).toBe(true);
  });

  it("leaves an empty secret out, so an edit keeps the stored one, and unticked boxes are false", () => {
    const input = connectionInputFromForm({ ...bucketForm, secretAccessKey: "", pathStyle: "", readDigests: "off" });
    expect(input).not.toHaveProperty("secretAccessKey");
    expect(input.pathStyle).toBe(false);
    expect(input.readDigests).toBe(false);
  });

  it("keeps the pattern only for the pattern layout", () => {
    expect(connectionInputFromForm({ ...bucketForm, layout: "pattern", pattern: "logs/{yyyy}/" }).pattern).toBe(
      "logs/{yyyy}/",
    );
  });

  it("passes a number that is not whole through as text, so the shape names the field", () => {
    const input = connectionInputFromForm({ ...bucketForm, pollSeconds: "soon" });
    expect(input.pollSeconds).toBe("soon");
    const parsed = parseConnectionInput(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/pollSeconds/);
  });

  it("reads an api form with its optional endpoint and overlap, and a push form with its envelope only", () => {
    expect(
      connectionInputFromForm({
        kind: "api",
        name: "audit",
        cloud: "tencent",
        region: "ap-guangzhou",
        endpoint: "",
        accessKeyId: "AKID",
        secretAccessKey: "x",
        pollSeconds: "",
        overlapMinutes: "10",
        envelope: "ignored",
      }),
    ).toEqual({
      kind: "api",
      name: "audit",
      cloud: "tencent",
      region: "ap-guangzhou",
      accessKeyId: "AKID",
      secretAccessKey: "x",
      overlapMinutes: 10,
    });
    expect(connectionInputFromForm({ kind: "push", name: "bus", envelope: "cloudevents", region: "x" })).toEqual({
      kind: "push",
      name: "bus",
      envelope: "cloudevents",
    });
  });

  it("gives stored settings back as form values, which read back to the same settings", () => {
    const settings = connectionInputFromForm(bucketForm);
    delete settings.secretAccessKey;
    delete settings.name;
    const values = formValuesOf(settings);
    expect(values).toMatchObject({ pathStyle: "on", readDigests: "on", pollSeconds: "30", prefix: "" });
    expect(connectionInputFromForm({ ...values, name: "prod-trail" })).toEqual({ ...settings, name: "prod-trail" });
  });

  it("sends an unknown kind as it is, for the shape to refuse", () => {
    expect(parseConnectionInput(connectionInputFromForm({ kind: "ftp", name: "x" })).ok).toBe(false);
  });
});

describe("words on the connection's page", () => {
  it("says the lag in the unit that reads best", () => {
    expect(describeLag(null)).toBe("No events yet");
    expect(describeLag(12.4)).toBe("12 s");
    expect(describeLag(600)).toBe("10 min");
    expect(describeLag(5400)).toBe("1.5 h");
    expect(describeLag(864_000)).toBe("10 days");
  });

  it("gives a failing connection's error with its state", () => {
    expect(describeState("failing", "The bucket trail does not exist.")).toBe(
      "Failing: The bucket trail does not exist.",
    );
    expect(describeState("paused", "old error")).toBe("Paused");
  });

  it("measures a backfill's progress", () => {
    expect(backfillPercent(0, 0)).toBe(0);
    expect(backfillPercent(1, 3)).toBe(33);
    expect(backfillPercent(5, 4)).toBe(100);
  });
});
