"use server";
// Administrators write a signed digest now, or verify every event against the chains and digests, from
// /settings/integrity. Both are recorded (WriteChainDigest, VerifyEventIntegrity), with the verification's figures.
import { revalidatePath } from "next/cache";
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { describeFinding } from "@/lib/integrity/describe-finding";
import { digestDir, digestKeys } from "@/lib/integrity/digest-key";
import { writeDigests } from "@/lib/integrity/digests";
import { verifyEvents } from "@/lib/integrity/verify-events";

export interface IntegrityState {
  message: string | null;
  error: string | null;
  /** One sentence per finding, when a verification ran. */
  findings?: string[];
}

async function administrator() {
  const user = await currentUser();
  return user && canOpen(user.role, "settings") ? user : null;
}

const REFUSED: IntegrityState = { message: null, error: "Only administrators may do this." };

export async function writeDigestAction(): Promise<IntegrityState> {
  const user = await administrator();
  if (!user) return REFUSED;
  const written = await writeDigests(getDatabase(), digestDir(), digestKeys());
  await recordUserOperation(user, {
    eventName: "WriteChainDigest", readOnly: false,
    responseElements: { Digests: written.map((d) => ({ Account: d.chainKey, Count: d.count, LastHash: d.lastHash })) },
  });
  revalidatePath("/settings/integrity");
  return { message: `${written.length} signed digest${written.length === 1 ? "" : "s"} written.`, error: null };
}

export async function verifyIntegrityAction(): Promise<IntegrityState> {
  const user = await administrator();
  if (!user) return REFUSED;
  const report = await verifyEvents(getDatabase(), digestDir(), digestKeys().publicKey);
  const findings = [
    ...report.digests.badSignatures.map((file) => `Digest not trusted (bad or missing signature): ${file}`),
    ...report.findings.map(describeFinding),
  ];
  await recordUserOperation(user, {
    eventName: "VerifyEventIntegrity", readOnly: true,
    responseElements: { Events: report.events, Digests: report.digests.checked, Findings: findings.length },
  });
  const summary = `Checked ${formatCount(report.events)} events in ${report.chains} chain${report.chains === 1 ? "" : "s"} against ${formatCount(report.digests.checked)} signed digest${report.digests.checked === 1 ? "" : "s"}`;
  return findings.length
    ? { message: null, error: `${summary}: ${findings.length} problem${findings.length === 1 ? "" : "s"} found.`, findings }
    : { message: `${summary}: nothing was changed, inserted or deleted.`, error: null, findings: [] };
}
