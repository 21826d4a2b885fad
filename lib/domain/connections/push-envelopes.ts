// What a push delivery holds, unwrapped into the cloud records inside it (lib/connections/push/receive-push.ts
// stores them). Two envelopes, one per connection (PushSettings.envelope):
//
// - "eventbridge": AWS EventBridge API destinations POST the event as EventBridge wrote it,
//   {"version","id","detail-type","source","account","time","region","resources","detail"}, one per request;
//   a JSON array of such envelopes is taken as a batch. The `detail` of the detail-types CloudTrail sends
//   (EVENTBRIDGE_DETAIL_TYPES) is a CloudTrail record; any other detail-type (Insights, other services' events)
//   is refused with its name.
// - "cloudevents": CloudEvents 1.0 in structured mode, {"specversion":"1.0","id","source","type","time","data"},
//   as Alibaba Cloud EventBridge (ActionTrail events: type "<service>:ActionTrail:ApiCall|ConsoleOperation|
//   AliyunServiceEvent", the ActionTrail event in `data`) and Tencent Cloud EventBridge (CloudAudit events: source
//   "<product>.cloud.tencent", type "<product>:CloudEvent:ApiCall|ConsoleCall|MiniProgramCall", the CloudAudit log
//   in `data`) send them to an HTTP target; batched mode (application/cloudevents-batch+json) is a JSON array of
//   them. `data` may also come as a JSON string or as `data_base64`. What decides is the record in `data`: it must
//   be an ActionTrail or a CloudAudit record.
//
// Each record comes out with the text kept as its raw record. The envelope was parsed as a whole, so that text is
// the inner object serialised again (JSON.stringify: same members, same order, same values; whitespace and number
// spelling may differ from the bytes received), or the string itself when `data` came as a JSON string. An entry
// that does not fit is a problem naming why; the other entries go on.
import { classifyRecord, type RecordFormat } from "@/lib/domain/normalise/detect";
import type { PushEnvelope } from "./settings";

/** The detail-types whose `detail` is a CloudTrail record (AWS writes the sign-in one both ways). */
export const EVENTBRIDGE_DETAIL_TYPES = [
  "AWS API Call via CloudTrail",
  "AWS Console Sign In via CloudTrail",
  "AWS Console Signin via CloudTrail",
  "AWS Console Action via CloudTrail",
  "AWS Service Event via CloudTrail",
] as const;

const CLOUDEVENTS_RECORDS: RecordFormat[] = ["actiontrail", "cloudaudit"];

export interface PushRecord {
  record: unknown;
  /** The record's text (see the header: re-serialised unless it came as a string). */
  raw: string;
  /** "delivery <id>, entry <n>" (n from 1 in the body). */
  source: string;
}

export interface PushProblem {
  source: string;
  reason: string;
}

export type UnwrappedDelivery =
  { ok: true; records: PushRecord[]; problems: PushProblem[] } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const ENVELOPE_NAMES: Record<PushEnvelope, string> = {
  eventbridge: "an EventBridge event",
  cloudevents: "a CloudEvents 1.0 event",
};

/**
 * The records of a parsed delivery body. `deliveryId` names the delivery in each problem's source. Refused as a
 * whole (ok: false) only when the body is neither an envelope nor an array.
 */
export function unwrapDelivery(body: unknown, envelope: PushEnvelope, deliveryId: string): UnwrappedDelivery {
  if (!isObj(body) && !Array.isArray(body))
    return {
      ok: false,
      reason: `the body must be ${ENVELOPE_NAMES[envelope]} (a JSON object) or a JSON array of them, not ${describe(body)}`,
    };
  const entries = Array.isArray(body) ? body : [body];
  const records: PushRecord[] = [];
  const problems: PushProblem[] = [];
  entries.forEach((entry, index) => {
    const source = `delivery ${deliveryId}, entry ${index + 1}`;
    const result = envelope === "eventbridge" ? eventBridgeRecord(entry) : cloudEventRecord(entry);
    if (result.ok) records.push({ record: result.record, raw: result.raw, source });
    else problems.push({ source, reason: result.reason });
  });
  return { ok: true, records, problems };
}

type EntryResult = { ok: true; record: Obj; raw: string } | { ok: false; reason: string };

export function eventBridgeRecord(entry: unknown): EntryResult {
  if (!isObj(entry)) return { ok: false, reason: `not an EventBridge event: ${describe(entry)}` };
  if ("specversion" in entry)
    return {
      ok: false,
      reason: 'a CloudEvents event, but this connection takes EventBridge events (its envelope is "eventbridge")',
    };
  const named = idOf(entry.id);
  const detailType = entry["detail-type"];
  if (typeof detailType !== "string")
    return { ok: false, reason: `${named}no "detail-type": not an EventBridge event` };
  if (!(EVENTBRIDGE_DETAIL_TYPES as readonly string[]).includes(detailType))
    return {
      ok: false,
      reason: `${named}detail-type ${JSON.stringify(detailType.slice(0, 100))} carries no CloudTrail record (accepted: ${EVENTBRIDGE_DETAIL_TYPES.join("; ")})`,
    };
  const detail = entry.detail;
  if (!isObj(detail)) return { ok: false, reason: `${named}"detail" is ${describe(detail)}, not a CloudTrail record` };
  const format = classifyRecord(detail);
  if (format !== "cloudtrail")
    return { ok: false, reason: `${named}"detail" is not a CloudTrail record (${formatName(format, detail)})` };
  return { ok: true, record: detail, raw: JSON.stringify(detail) };
}

export function cloudEventRecord(entry: unknown): EntryResult {
  if (!isObj(entry)) return { ok: false, reason: `not a CloudEvents event: ${describe(entry)}` };
  if (!("specversion" in entry) && "detail-type" in entry)
    return {
      ok: false,
      reason: 'an EventBridge event, but this connection takes CloudEvents events (its envelope is "cloudevents")',
    };
  const named = idOf(entry.id);
  const version = entry.specversion;
  if (typeof version !== "string" || !/^1\.0(\.\d+)?$/.test(version))
    return {
      ok: false,
      reason: `${named}specversion ${version === undefined ? "missing" : JSON.stringify(version)}: only CloudEvents 1.0 in structured mode is accepted`,
    };
  for (const attribute of ["id", "source", "type"] as const)
    if (typeof entry[attribute] !== "string" || entry[attribute] === "")
      return { ok: false, reason: `${named}no "${attribute}": a CloudEvents event names its id, source and type` };
  const context = `type ${JSON.stringify(String(entry.type).slice(0, 100))} from ${JSON.stringify(String(entry.source).slice(0, 100))}`;
  const data = dataOf(entry);
  if (!data.ok) return { ok: false, reason: `${named}${context}: ${data.reason}` };
  const format = classifyRecord(data.record);
  if (!format || !CLOUDEVENTS_RECORDS.includes(format))
    return {
      ok: false,
      reason: `${named}${context}: "data" is not an ActionTrail or CloudAudit record (${formatName(format, data.record)})`,
    };
  return data;
}

/** The record in `data`: an object, a JSON string, or base64 of JSON (`data_base64`). */
function dataOf(entry: Obj): EntryResult {
  const contentType = typeof entry.datacontenttype === "string" ? entry.datacontenttype.toLowerCase() : null;
  if (contentType && !/json/.test(contentType))
    return { ok: false, reason: `datacontenttype ${JSON.stringify(contentType.slice(0, 100))} is not JSON` };
  let text: string;
  if (isObj(entry.data)) return { ok: true, record: entry.data, raw: JSON.stringify(entry.data) };
  if (typeof entry.data === "string") text = entry.data;
  else if (entry.data === undefined && typeof entry.data_base64 === "string") {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(entry.data_base64)) return { ok: false, reason: '"data_base64" is not base64' };
    text = Buffer.from(entry.data_base64, "base64").toString("utf8");
  } else return { ok: false, reason: `"data" is ${describe(entry.data)}, not a JSON object` };
  try {
    const record: unknown = JSON.parse(text);
    if (!isObj(record)) return { ok: false, reason: `"data" holds ${describe(record)}, not a JSON object` };
    return { ok: true, record, raw: text };
  } catch (error) {
    return { ok: false, reason: `"data" is not valid JSON: ${error instanceof Error ? error.message : "unreadable"}` };
  }
}

function idOf(id: unknown): string {
  return typeof id === "string" && id ? `event ${JSON.stringify(id.slice(0, 100))}: ` : "";
}

function formatName(format: RecordFormat | null, record: Obj): string {
  if (format) return `it reads as ${format}`;
  const keys = Object.keys(record).slice(0, 6).join(", ");
  return keys ? `keys: ${keys}` : "an empty object";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (value === undefined) return "missing";
  return `a ${typeof value}`;
}
