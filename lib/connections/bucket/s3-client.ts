// The S3 client a trail-bucket connection reads with: the same for AWS S3, Alibaba OSS, Tencent COS and Baidu BOS
// (all speak the S3 protocol). Checksums only when an operation requires them: several S3-compatible stores
// refuse the SDK's new default checksums. Bounded retries with the SDK's backoff for throttling (503 SlowDown,
// 429) and dropped connections; timeouts so an unanswering endpoint fails the run instead of hanging it.
import "../aws-sdk-pinned";
import { S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { BucketSettings } from "@/lib/domain/connections/settings";

export interface BucketClientOptions {
  /** Attempts per request, the first included (SDK standard retry strategy, exponential backoff with jitter). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export const BUCKET_CLIENT_DEFAULTS: Required<BucketClientOptions> = {
  maxAttempts: 5,
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 60_000,
};

export function bucketClient(
  settings: Pick<BucketSettings, "endpoint" | "region" | "pathStyle" | "accessKeyId">,
  secretAccessKey: string,
  options: BucketClientOptions = {},
): S3Client {
  const chosen = { ...BUCKET_CLIENT_DEFAULTS, ...options };
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.pathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // Follow no redirect to another region's endpoint: a wrong region is the user's to fix, said in words.
    followRegionRedirects: false,
    maxAttempts: chosen.maxAttempts,
    retryMode: "standard",
    requestHandler: new NodeHttpHandler({
      connectionTimeout: chosen.connectionTimeoutMs,
      requestTimeout: chosen.requestTimeoutMs,
    }),
  });
}
