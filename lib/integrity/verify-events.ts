// `npm run verify` and the administrators' integrity page: every stored event, in insertion order, through the
// chain verifier (lib/domain/event-chain-verify.ts), then the chain heads and every signed digest. Digests whose
// signature does not hold are reported and not trusted; the chain of digests and their retention cuts are checked
// first (lib/domain/event-chain-digests.ts), and only the cuts a signed digest allows move a chain's start.
import type { KeyObject } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { checkDigests } from "@/lib/domain/event-chain-digests";
import { ChainVerifier, type ChainFinding, type StoredChainRow } from "@/lib/domain/event-chain-verify";
import { readDigests } from "./digests";

export interface IntegrityReport {
  events: number;
  chains: number;
  digests: { checked: number; badSignatures: string[] };
  findings: ChainFinding[];
}

const PAGE = 5_000;

const SELECT = {
  seq: true,
  eventId: true,
  eventTime: true,
  receivedAt: true,
  origin: true,
  eventName: true,
  eventSource: true,
  service: true,
  eventType: true,
  readOnly: true,
  sensitive: true,
  accountId: true,
  identityType: true,
  principalId: true,
  userName: true,
  accessKeyId: true,
  mfaUsed: true,
  roleName: true,
  sourceIpAddress: true,
  userAgent: true,
  region: true,
  resources: true,
  requestId: true,
  errorCode: true,
  errorMessage: true,
  requestParameters: true,
  responseElements: true,
  raw: true,
  chainIndex: true,
  prevHash: true,
  hash: true,
} as const;

export async function verifyEvents(
  database: Database,
  digestDir: string,
  publicKey: KeyObject,
): Promise<IntegrityReport> {
  const digests = readDigests(digestDir, publicKey);
  const trusted = digests.filter((d) => d.signatureValid);
  const checked = checkDigests(digests);
  const verifier = new ChainVerifier(trusted, checked.cuts);
  let events = 0;
  for (let after = 0; ;) {
    const rows: StoredChainRow[] = await database.db.event.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: PAGE,
      select: SELECT,
    });
    if (rows.length === 0) break;
    for (const row of rows) verifier.add(row);
    events += rows.length;
    after = rows[rows.length - 1].seq;
  }
  const heads = await database.db.chainHead.findMany({ where: { length: { gt: 0 } } });
  return {
    events,
    chains: heads.length,
    digests: { checked: trusted.length, badSignatures: digests.filter((d) => !d.signatureValid).map((d) => d.file) },
    findings: [...checked.findings, ...verifier.finish(heads)],
  };
}
