// An S3 client for a bucket connection, set up as every S3-compatible store needs it: the new default request and
// response checksums off unless an operation requires them (OSS, COS, BOS and several private stores refuse them),
// path-style addressing when the connection asks for it, and never the machine's own AWS credentials.
import { S3Client } from "@aws-sdk/client-s3";
import type { ConnectionSecrets, BucketSettings } from "@/lib/domain/connections/settings";
import { ConnectionError } from "../connection-error";

export function bucketClient(settings: BucketSettings, secrets: ConnectionSecrets): S3Client {
  if (!secrets.secretAccessKey) throw new ConnectionError("credentials", "the connection has no secret access key");
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.pathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: secrets.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
  });
}
