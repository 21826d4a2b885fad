// A bucket store's refusal or a network failure as a ConnectionError a person can act on. The stores answer with
// S3's error codes (OSS, COS and BOS use the same ones for these cases); the messages name the bucket, the
// endpoint and the AccessKey ID, never the secret.
import type { BucketSettings } from "@/lib/domain/connections/settings";
import { ConnectionError } from "../connection-error";

const CREDENTIALS = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "TokenRefreshRequired",
  "InvalidToken",
  "InvalidSecurity",
]);
const WRONG_REGION = new Set([
  "PermanentRedirect",
  "AuthorizationHeaderMalformed",
  "IllegalLocationConstraintException",
]);
const THROTTLED = new Set(["SlowDown", "Throttling", "ThrottlingException", "TooManyRequests", "RequestLimitExceeded"]);
const NETWORK = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  cause?: unknown;
}

type Where = Pick<BucketSettings, "bucket" | "endpoint" | "region" | "accessKeyId">;

export function bucketError(error: unknown, where: Where): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const e = (error ?? {}) as SdkError;
  const code = e.Code ?? e.name ?? "";
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const networkCode = e.code ?? (e.cause as SdkError | undefined)?.code ?? "";
  const bucket = `bucket ${where.bucket} at ${where.endpoint}`;
  if (CREDENTIALS.has(code))
    return new ConnectionError(
      "credentials",
      `${bucket} refused the AccessKey ${where.accessKeyId} (${code}): check the AccessKey ID and secret, and that the key is active`,
    );
  if (code === "NoSuchBucket")
    return new ConnectionError("noSuchBucket", `${bucket} does not exist (NoSuchBucket): check the bucket name`);
  if (WRONG_REGION.has(code) || status === 301)
    return new ConnectionError(
      "wrongRegion",
      `${bucket} is not in region ${where.region} (${code || `HTTP ${status}`}): set the bucket's own region and endpoint`,
    );
  if (code === "AccessDenied" || code === "AllAccessDisabled" || status === 403)
    return new ConnectionError(
      "accessDenied",
      `${bucket} denied the AccessKey ${where.accessKeyId} (${code || "HTTP 403"}): it needs read access (list and get) on the bucket and prefix`,
    );
  if (THROTTLED.has(code) || status === 429 || status === 503)
    return new ConnectionError(
      "throttled",
      `${bucket} is throttling requests (${code || `HTTP ${status}`}): retried, will try again`,
    );
  if (
    NETWORK.has(networkCode) ||
    code === "TimeoutError" ||
    code === "RequestTimeout" ||
    /timed? ?out/i.test(e.message ?? "")
  )
    return new ConnectionError(
      "unreachable",
      `${where.endpoint} cannot be reached (${networkCode || code || "timeout"}): check the endpoint and the network`,
    );
  return new ConnectionError("failed", `${bucket}: ${code ? `${code}: ` : ""}${e.message ?? String(error)}`);
}
