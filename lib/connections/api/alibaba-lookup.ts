// Alibaba Cloud ActionTrail LookupEvents (API version 2020-07-06) through @alicloud/pop-core, which signs RPC
// requests as Alibaba documents (HMAC-SHA1 over the canonicalised parameters). POST keeps the signature out of
// every URL, so no error message can carry it. Events[] are ActionTrail events as objects.
import RPCClient from "@alicloud/pop-core";
import type { ApiSettings } from "@/lib/domain/connections/settings";
import { ConnectionError } from "../connection-error";
import { MAX_RESULTS, networkCode, PageTokenExpired, UNREACHABLE_CODES, type Lookup } from "./lookup";

export const alibabaEndpoint = (region: string) => `https://actiontrail.${region}.aliyuncs.com`;
export const ACTIONTRAIL_VERSION = "2020-07-06";
const TIMEOUT_MS = 30_000;

interface LookupEventsAnswer {
  Events?: unknown[];
  NextToken?: string;
}

/** ActionTrail's times: ISO 8601 in UTC to the second. */
const aliTime = (time: Date) => time.toISOString().replace(/\.\d{3}Z$/, "Z");

export function alibabaLookup(settings: ApiSettings, accessKeySecret: string): Lookup {
  const endpoint = (settings.endpoint ?? alibabaEndpoint(settings.region)).replace(/\/+$/, "");
  const client = new RPCClient({
    endpoint,
    apiVersion: ACTIONTRAIL_VERSION,
    accessKeyId: settings.accessKeyId,
    accessKeySecret,
  });
  return {
    endpoint,
    container: "array",
    async page({ start, end, nextToken, label }) {
      const params: Record<string, string> = {
        StartTime: aliTime(start),
        EndTime: aliTime(end),
        MaxResults: String(MAX_RESULTS),
      };
      if (nextToken) params.NextToken = nextToken;
      let answer: LookupEventsAnswer;
      try {
        answer = await client.request<LookupEventsAnswer>("LookupEvents", params, {
          method: "POST",
          timeout: TIMEOUT_MS,
        });
      } catch (error) {
        throw alibabaFault(error, endpoint);
      }
      if (answer.Events !== undefined && !Array.isArray(answer.Events))
        throw new ConnectionError("invalid", "ActionTrail LookupEvents answered without an Events list");
      const records = (answer.Events ?? []).map((event, index) => {
        const raw = JSON.stringify(event, plainNumbers);
        return { record: JSON.parse(raw) as unknown, raw, source: `${label}, event ${index + 1}` };
      });
      return { records, nextToken: answer.NextToken || undefined };
    },
  };
}

/** pop-core reads numbers of 16+ digits as BigNumber objects: write them back as the numbers they were. */
function plainNumbers(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key] as { _isBigNumber?: boolean; toString(): string } | undefined;
  return original && typeof original === "object" && original._isBigNumber ? Number(original.toString()) : value;
}

export function alibabaFault(error: unknown, endpoint: string): Error {
  const code = String((error as { code?: unknown }).code ?? "");
  if (code.startsWith("Throttling") || code === "ServiceUnavailable")
    return new ConnectionError("throttled", "ActionTrail throttled LookupEvents (2 requests a second per region)");
  if (code.startsWith("InvalidAccessKeyId") || code === "SignatureDoesNotMatch" || code === "IncompleteSignature")
    return new ConnectionError(
      "credentials",
      `Alibaba Cloud refused the key (${code}): check the AccessKey ID and secret, and that the key is enabled`,
    );
  if (code.startsWith("Forbidden") || code === "NoPermission")
    return new ConnectionError(
      "accessDenied",
      `Alibaba Cloud denied LookupEvents (${code}): the key needs actiontrail:LookupEvents`,
    );
  if (code === "InvalidNextToken" || code === "InvalidParameter.NextToken") return new PageTokenExpired();
  const network = networkCode(error);
  if (network && UNREACHABLE_CODES.has(network))
    return new ConnectionError("unreachable", `${new URL(endpoint).host}: cannot connect (${network})`);
  if (network || error instanceof SyntaxError || code.startsWith("InternalError"))
    return new ConnectionError(
      "unreachable",
      `ActionTrail answered ${code || network || "an unreadable page"}: the page will be read again`,
    );
  // Anything else (a dropped answer, an unreadable page): worth reading the page again, a few times.
  return new ConnectionError("failed", `ActionTrail LookupEvents failed: ${code || "error"}`, true);
}
