// Deterministic events for the delivery tests (and the child process of the directory kill test).
import { withOwnRaw, type NormalisedEvent } from "@/lib/domain/event";

const START = Date.UTC(2024, 4, 1, 22, 30, 0);

/** `count` events, 3 seconds apart from 2024-05-01T22:30:00Z, over two accounts and none; `raw` padded to ~`rawBytes`. */
export function sampleEvents(count: number, rawBytes = 0): NormalisedEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const event = withOwnRaw({
      eventId: `evt-${String(i).padStart(7, "0")}`,
      eventTime: new Date(START + i * 3_000),
      origin: "cloudtrail",
      eventName: i % 2 ? "CreateAccessKey" : "DescribeInstances",
      eventSource: i % 2 ? "iam.amazonaws.com" : "ec2.amazonaws.com",
      service: i % 2 ? "iam" : "ec2",
      eventType: "ApiCall",
      readOnly: i % 2 === 0,
      sensitive: i % 2 === 1,
      accountId: i % 5 === 4 ? null : i % 3 === 0 ? "111122223333" : "444455556666",
      userIdentity: {
        type: "IAMUser",
        principalId: `AIDA${i}`,
        userName: `user-${i % 7}`,
        accessKeyId: null,
        mfaUsed: false,
        roleName: null,
      },
      sourceIpAddress: "203.0.113.9",
      userAgent: "aws-cli/2",
      region: "eu-west-1",
      resources: [],
      requestId: `req-${i}`,
      errorCode: i % 11 === 0 ? "AccessDenied" : null,
      errorMessage: null,
      requestParameters: { note: 'ünïcode "quoted" \\ ]' },
      responseElements: null,
    });
    return rawBytes
      ? { ...event, raw: JSON.stringify({ record: JSON.parse(event.raw), pad: "x".repeat(rawBytes) }) }
      : event;
  });
}
