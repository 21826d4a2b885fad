import { describe, expect, it } from "vitest";
import { parseConnectionInput, settingsOf, splitSecrets } from "./settings";

const bucket = {
  kind: "bucket",
  name: "prod-trail",
  layout: "aws-cloudtrail",
  endpoint: "https://s3.us-east-1.amazonaws.com",
  region: "us-east-1",
  bucket: "my-trail",
  prefix: "",
  accessKeyId: "AKIAEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG",
  pathStyle: false,
  pollSeconds: 60,
};

describe("parseConnectionInput", () => {
  it("takes the issue's bucket example and fills the defaults", () => {
    const parsed = parseConnectionInput(bucket);
    expect(parsed).toEqual({ ok: true, value: { ...bucket, readDigests: true } });
  });

  it("splits the secret from what is stored and shown", () => {
    const parsed = parseConnectionInput(bucket);
    if (!parsed.ok) throw new Error(parsed.error);
    const split = splitSecrets(parsed.value);
    expect(split.name).toBe("prod-trail");
    expect(split.secrets).toEqual({ secretAccessKey: "wJalrXUtnFEMI/K7MDENG" });
    expect(JSON.stringify(split.settings)).not.toContain("wJalrXUtnFEMI");
    expect(settingsOf("bucket", JSON.stringify(split.settings))).toEqual(split.settings);
    expect(() => settingsOf("api", JSON.stringify(split.settings))).toThrow("expected api");
  });

  it("names every wrong field", () => {
    const parsed = parseConnectionInput({ ...bucket, layout: "gcs", region: "US East", endpoint: "ftp://x", extra: 1 });
    expect(parsed).toEqual({
      ok: false,
      error:
        "layout: one of aws-cloudtrail, alibaba-actiontrail, tencent-cloudaudit, pattern; " +
        "endpoint: an http(s) URL without user name or password, such as https://s3.us-east-1.amazonaws.com; " +
        "region: lower-case letters, digits and -, such as us-east-1 or cn-hangzhou; unknown field: extra",
    });
  });

  it("asks for a pattern with the pattern layout, and refuses an unknown kind", () => {
    expect(parseConnectionInput({ ...bucket, layout: "pattern" })).toEqual({
      ok: false,
      error: "pattern: required for layout pattern",
    });
    expect(parseConnectionInput({ kind: "ftp", name: "x" })).toEqual({
      ok: false,
      error: "kind: one of bucket, api, push",
    });
  });

  it("takes api and push connections", () => {
    const api = parseConnectionInput({
      kind: "api",
      name: "aws-lookup",
      cloud: "aws",
      region: "us-east-1",
      accessKeyId: "AKIA",
      secretAccessKey: "s",
    });
    expect(api).toEqual({
      ok: true,
      value: {
        kind: "api",
        name: "aws-lookup",
        cloud: "aws",
        region: "us-east-1",
        accessKeyId: "AKIA",
        secretAccessKey: "s",
        pollSeconds: 60,
        overlapMinutes: 15,
      },
    });
    const push = parseConnectionInput({ kind: "push", name: "bus", envelope: "eventbridge" });
    expect(push.ok && splitSecrets(push.value)).toEqual({
      name: "bus",
      kind: "push",
      settings: { kind: "push", envelope: "eventbridge" },
      secrets: {},
    });
  });
});
