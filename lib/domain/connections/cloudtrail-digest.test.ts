import { describe, expect, it } from "vitest";
import { parseCloudTrailDigest } from "./cloudtrail-digest";

const KEY =
  "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz";
const LOG =
  "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9g8uN8hCX4KIAuz0.json.gz";
const HASH = "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6";

// The documented sample, with its signature fields.
const sample = () => ({
  awsAccountId: "111122223333",
  digestStartTime: "2015-08-17T14:01:31Z",
  digestEndTime: "2015-08-17T15:01:31Z",
  digestS3Bucket: "amzn-s3-demo-bucket",
  digestS3Object: KEY,
  digestPublicKeyFingerprint: "31e8b5433410dfb61a9dc45cc65b22ff",
  digestSignatureAlgorithm: "SHA256withRSA",
  newestEventTime: "2015-08-17T14:52:27Z",
  oldestEventTime: "2015-08-17T14:42:27Z",
  previousDigestS3Bucket: "amzn-s3-demo-bucket",
  previousDigestS3Object:
    "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T140131Z.json.gz",
  previousDigestHashValue: "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
  previousDigestHashAlgorithm: "SHA-256",
  previousDigestSignature: "50887ccffad4c002b97caa37cc9dc626e3c680207d41d27fa5835458e066e0d3",
  logFiles: [
    {
      s3Bucket: "amzn-s3-demo-bucket",
      s3Object: LOG,
      hashValue: HASH.toUpperCase(),
      hashAlgorithm: "SHA-256",
      newestEventTime: "2015-08-17T14:52:27Z",
      oldestEventTime: "2015-08-17T14:42:27Z",
    },
  ],
});

const parse = (value: unknown, expect = {}) => parseCloudTrailDigest(JSON.stringify(value), expect);

describe("parseCloudTrailDigest", () => {
  it("reads the documented sample: the log files with their SHA-256 in lower case", () => {
    expect(parse(sample(), { key: KEY, bucket: "amzn-s3-demo-bucket" })).toEqual({
      ok: true,
      digest: {
        awsAccountId: "111122223333",
        digestStartTime: new Date("2015-08-17T14:01:31Z"),
        digestEndTime: new Date("2015-08-17T15:01:31Z"),
        digestS3Bucket: "amzn-s3-demo-bucket",
        digestS3Object: KEY,
        previousDigestS3Object:
          "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T140131Z.json.gz",
        logFiles: [
          {
            s3Bucket: "amzn-s3-demo-bucket",
            s3Object: LOG,
            sha256: HASH,
            newestEventTime: new Date("2015-08-17T14:52:27Z"),
            oldestEventTime: new Date("2015-08-17T14:42:27Z"),
          },
        ],
      },
    });
  });

  it("reads the first digest of a chain and an hour with no log files", () => {
    const first = {
      ...sample(),
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      newestEventTime: null,
      oldestEventTime: null,
      logFiles: [],
    };
    const parsed = parse(first);
    expect(parsed.ok && parsed.digest.previousDigestS3Object).toBeNull();
    expect(parsed.ok && parsed.digest.logFiles).toEqual([]);
  });

  it("refuses what is not a digest, naming the field", () => {
    const cases: [unknown, string][] = [
      ["{", "not JSON"],
      [[1], "not a JSON object"],
      [{ ...sample(), awsAccountId: "1111" }, "awsAccountId: expected a 12-digit account ID"],
      [{ ...sample(), digestStartTime: "yesterday" }, "digestStartTime: expected an ISO 8601 time"],
      [{ ...sample(), digestEndTime: undefined }, "digestEndTime: expected an ISO 8601 time"],
      [{ ...sample(), digestEndTime: "2015-08-17T13:01:31Z" }, "digestEndTime is before digestStartTime"],
      [{ ...sample(), digestS3Bucket: "" }, "digestS3Bucket: expected a bucket name"],
      [{ ...sample(), digestS3Object: 7 }, "digestS3Object: expected an object key"],
      [{ ...sample(), previousDigestS3Object: 7 }, "previousDigestS3Object: expected an object key or null"],
      [{ ...sample(), logFiles: {} }, "logFiles: expected an array"],
      [{ ...sample(), logFiles: ["x"] }, "logFiles[0]: expected an object"],
      [
        { ...sample(), logFiles: [{ ...sample().logFiles[0], s3Bucket: 1 }] },
        "logFiles[0].s3Bucket: expected a bucket name",
      ],
      [
        { ...sample(), logFiles: [{ ...sample().logFiles[0], s3Object: "" }] },
        "logFiles[0].s3Object: expected an object key",
      ],
      [
        { ...sample(), logFiles: [{ ...sample().logFiles[0], hashAlgorithm: "MD5" }] },
        "logFiles[0].hashAlgorithm: expected SHA-256, got MD5",
      ],
      [
        { ...sample(), logFiles: [{ ...sample().logFiles[0], hashValue: "abc" }] },
        "logFiles[0].hashValue: expected 64 hexadecimal digits",
      ],
      [
        { ...sample(), logFiles: [{ ...sample().logFiles[0], newestEventTime: "soon" }] },
        "logFiles[0].newestEventTime: expected an ISO 8601 time",
      ],
      [
        { ...sample(), logFiles: [{ ...sample().logFiles[0], oldestEventTime: 5 }] },
        "logFiles[0].oldestEventTime: expected an ISO 8601 time",
      ],
    ];
    for (const [input, reason] of cases) {
      const text = typeof input === "string" ? input : JSON.stringify(input);
      expect(parseCloudTrailDigest(text)).toEqual({ ok: false, reason: `not a CloudTrail digest file: ${reason}` });
    }
  });

  it("refuses a digest copied to another key or bucket", () => {
    expect(parse(sample(), { key: "AWSLogs/elsewhere.json.gz" })).toEqual({
      ok: false,
      reason: `not a CloudTrail digest file: digestS3Object names ${KEY}, but the file was read from AWSLogs/elsewhere.json.gz`,
    });
    expect(parse(sample(), { bucket: "other-bucket" })).toEqual({
      ok: false,
      reason:
        "not a CloudTrail digest file: digestS3Bucket names amzn-s3-demo-bucket, but the file was read from other-bucket",
    });
  });
});
