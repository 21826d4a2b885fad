// AWS CloudTrail LookupEvents through the AWS SDK: each event's CloudTrailEvent is the full CloudTrail record as
// a JSON string, kept as the event's raw record (the same text a trail bucket's file holds for it).
import "../aws-sdk-pinned";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { ApiSettings } from "@/lib/domain/connections/settings";
import { ConnectionError } from "../connection-error";
import { MAX_RESULTS, networkCode, PageTokenExpired, UNREACHABLE_CODES, type Lookup } from "./lookup";

export const awsEndpoint = (region: string) => `https://cloudtrail.${region}.amazonaws.com`;

export function awsLookup(settings: ApiSettings, secretAccessKey: string): Lookup {
  const endpoint = settings.endpoint ?? awsEndpoint(settings.region);
  // One attempt per call: the poller paces and retries itself, at the API's documented rate.
  const client = new CloudTrailClient({
    region: settings.region,
    endpoint,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  return {
    endpoint,
    container: "records",
    async page({ start, end, nextToken, label, signal }) {
      try {
        const answer = await client.send(
          new LookupEventsCommand({ StartTime: start, EndTime: end, MaxResults: MAX_RESULTS, NextToken: nextToken }),
          { abortSignal: signal },
        );
        const records = (answer.Events ?? []).map((event, index) => {
          const raw = event.CloudTrailEvent ?? "";
          return { record: parseOrText(raw), raw, source: `${label}, event ${index + 1}` };
        });
        return { records, nextToken: answer.NextToken || undefined };
      } catch (error) {
        throw awsFault(error, endpoint);
      }
    },
  };
}

/** A record that is not JSON stays its text, so the normaliser rejects it by name instead of the page failing. */
function parseOrText(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function awsFault(error: unknown, endpoint: string): Error {
  const name = (error as { name?: string }).name ?? "";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = networkCode(error);
  if (name === "ThrottlingException" || status === 429)
    return new ConnectionError("throttled", "AWS CloudTrail throttled LookupEvents (2 requests a second per region)");
  if (
    [
      "UnrecognizedClientException",
      "InvalidSignatureException",
      "InvalidClientTokenId",
      "ExpiredTokenException",
    ].includes(name)
  )
    return new ConnectionError(
      "credentials",
      `AWS refused the key (${name}): check the AccessKey ID and secret, and that the key is active`,
    );
  if (name === "AccessDeniedException" || status === 403)
    return new ConnectionError("accessDenied", "AWS denied LookupEvents: the key needs cloudtrail:LookupEvents");
  if (name === "InvalidNextTokenException") return new PageTokenExpired();
  if (code && UNREACHABLE_CODES.has(code))
    return new ConnectionError("unreachable", `${new URL(endpoint).host}: cannot connect (${code})`);
  if (code || (status !== undefined && status >= 500))
    return new ConnectionError(
      "unreachable",
      code
        ? `the connection to AWS CloudTrail dropped (${code}): the page will be read again`
        : `AWS CloudTrail answered ${status}: the page will be read again`,
    );
  // Anything else (a dropped answer, an unreadable page): worth reading the page again, a few times.
  return new ConnectionError("failed", `AWS CloudTrail LookupEvents failed: ${name || "error"}`, true);
}
