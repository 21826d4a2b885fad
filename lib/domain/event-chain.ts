// The tamper-evident chain of each account's events. Every stored event carries its position in its account's
// chain (chainIndex, from 1), the hash of the event before it (prevHash; GENESIS_HASH for the first) and its own
// hash: SHA-256 over prevHash and a canonical encoding of the stored event (every normalised field and the raw
// record). Attribution to an inventory user (userId) is left out: it is derived, and may be filled in later.
//
// The encoding is length-prefixed ("<length>:<text>", "-" for null) in a fixed field order, so no two different
// events encode alike and nothing depends on JSON key order; times are ISO-8601 with milliseconds, booleans t/f.
import { hash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** An event as stored and as read back (Prisma's types on both databases). */
export interface ChainedFields {
  eventId: string;
  eventTime: Date;
  receivedAt: Date;
  origin: string;
  eventName: string;
  eventSource: string;
  service: string;
  eventType: string;
  readOnly: boolean | null;
  sensitive: boolean;
  accountId: string | null;
  identityType: string | null;
  principalId: string | null;
  userName: string | null;
  accessKeyId: string | null;
  mfaUsed: boolean | null;
  roleName: string | null;
  sourceIpAddress: string | null;
  userAgent: string | null;
  region: string | null;
  resources: string;
  requestId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  requestParameters: string | null;
  responseElements: string | null;
  raw: string;
}

/** The fields in encoding order: changing this order changes every hash. */
export const CHAINED_FIELDS = [
  "eventId",
  "eventTime",
  "receivedAt",
  "origin",
  "eventName",
  "eventSource",
  "service",
  "eventType",
  "readOnly",
  "sensitive",
  "accountId",
  "identityType",
  "principalId",
  "userName",
  "accessKeyId",
  "mfaUsed",
  "roleName",
  "sourceIpAddress",
  "userAgent",
  "region",
  "resources",
  "requestId",
  "errorCode",
  "errorMessage",
  "requestParameters",
  "responseElements",
  "raw",
] as const satisfies readonly (keyof ChainedFields)[];

function part(value: string | Date | boolean | null): string {
  if (value === null) return "-";
  const text = value instanceof Date ? value.toISOString() : typeof value === "boolean" ? (value ? "t" : "f") : value;
  return `${text.length}:${text}`;
}

export function canonicalEvent(event: ChainedFields): string {
  let out = "";
  for (const field of CHAINED_FIELDS) out += part(event[field]);
  return out;
}

export function eventHash(prevHash: string, event: ChainedFields): string {
  // The one-shot crypto.hash: no Hash object per event (the ingest path hashes every event it stores).
  return hash("sha256", `${prevHash}\n${canonicalEvent(event)}`, "hex");
}

/** An account's chain as the events of one account: its key ("" when events carry no account). */
export const chainKeyOf = (accountId: string | null) => accountId ?? "";

export interface ChainHead {
  /** Events in the chain so far: the last one's chainIndex. */
  length: number;
  lastHash: string;
  lastEventId: string | null;
}

export const EMPTY_HEAD: ChainHead = { length: 0, lastHash: GENESIS_HASH, lastEventId: null };

export interface ChainLink {
  chainIndex: number;
  prevHash: string;
  hash: string;
}

/** Appends an event to a head: its link, and the head after it. */
export function appendToChain(head: ChainHead, event: ChainedFields): { link: ChainLink; head: ChainHead } {
  const hash = eventHash(head.lastHash, event);
  return {
    link: { chainIndex: head.length + 1, prevHash: head.lastHash, hash },
    head: { length: head.length + 1, lastHash: hash, lastEventId: event.eventId },
  };
}
