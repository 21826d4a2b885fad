// Tencent Cloud CloudAudit LookUpEvents (2019-03-19) through tencentcloud-sdk-nodejs, which signs with
// TC3-HMAC-SHA256. Response.Events[] are summaries whose CloudAuditEvent is the full record as a JSON string:
// the summary is what is stored, read as the file import reads a LookUpEvents response ("cloudaudit-events").
import { cloudaudit } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit";
import type { ApiSettings } from "@/lib/domain/connections/settings";
import { ConnectionError } from "../connection-error";
import { MAX_RESULTS, networkCode, PageTokenExpired, UNREACHABLE_CODES, type Lookup } from "./lookup";

export const tencentEndpoint = () => "https://cloudaudit.tencentcloudapi.com";
const TIMEOUT_SECONDS = 30;

export function tencentLookup(settings: ApiSettings, secretKey: string): Lookup {
  const endpoint = (settings.endpoint ?? tencentEndpoint()).replace(/\/+$/, "");
  const url = new URL(endpoint);
  const client = new cloudaudit.v20190319.Client({
    credential: { secretId: settings.accessKeyId, secretKey },
    region: settings.region,
    profile: {
      signMethod: "TC3-HMAC-SHA256",
      httpProfile: {
        endpoint: url.host,
        protocol: `${url.protocol}//`,
        reqMethod: "POST",
        reqTimeout: TIMEOUT_SECONDS,
      },
    },
  });
  return {
    endpoint,
    container: "cloudaudit-events",
    async page({ start, end, nextToken, label }) {
      let answer: { Events?: unknown[]; NextToken?: string; ListOver?: boolean };
      try {
        answer = await client.LookUpEvents({
          StartTime: Math.floor(start.getTime() / 1000),
          EndTime: Math.floor(end.getTime() / 1000),
          MaxResults: MAX_RESULTS,
          ...(nextToken ? { NextToken: nextToken } : {}),
        });
      } catch (error) {
        throw tencentFault(error, endpoint);
      }
      if (answer.Events !== undefined && !Array.isArray(answer.Events))
        throw new ConnectionError("invalid", "CloudAudit LookUpEvents answered without an Events list");
      const records = (answer.Events ?? []).map((event, index) => ({
        record: event,
        raw: JSON.stringify(event),
        source: `${label}, event ${index + 1}`,
      }));
      // ListOver says the window is done, whatever token came with it.
      return {
        records,
        nextToken: answer.ListOver === false && answer.NextToken ? String(answer.NextToken) : undefined,
      };
    },
  };
}

export function tencentFault(error: unknown, endpoint: string): Error {
  const code = String((error as { code?: unknown }).code ?? "");
  const status = (error as { httpCode?: number }).httpCode;
  if (code.startsWith("RequestLimitExceeded") || status === 429)
    return new ConnectionError("throttled", "CloudAudit throttled LookUpEvents (20 requests a second)");
  if (code === "AuthFailure.UnauthorizedOperation" || code.startsWith("UnauthorizedOperation"))
    return new ConnectionError(
      "accessDenied",
      `Tencent Cloud denied LookUpEvents (${code}): the key needs cloudaudit:LookUpEvents`,
    );
  if (code.startsWith("AuthFailure"))
    return new ConnectionError(
      "credentials",
      `Tencent Cloud refused the key (${code}): check the SecretId and SecretKey, and that the key is enabled`,
    );
  if (code === "InvalidParameterValue.NextToken" || code === "InvalidParameter.NextToken")
    return new PageTokenExpired();
  const network = networkCode(error);
  if (network && UNREACHABLE_CODES.has(network))
    return new ConnectionError("unreachable", `${new URL(endpoint).host}: cannot connect (${network})`);
  if (network || (status !== undefined && status >= 500) || code.startsWith("InternalError") || !code)
    return new ConnectionError(
      "unreachable",
      `CloudAudit answered ${code || status || network || "an unreadable page"}: the page will be read again`,
    );
  return new ConnectionError("failed", `CloudAudit LookUpEvents failed: ${code}`, true);
}
