"use server";
// Administrators write a signed digest now, or verify every event against the chains and digests, from
// /settings/integrity, through the action door (./client.ts). Both are recorded (WriteChainDigest,
// VerifyEventIntegrity), with the verification's figures.
import "server-only";
import { z } from "zod";
import { formatCount } from "@/lib/domain/format";
import { describeFinding } from "@/lib/integrity/describe-finding";
import { digestDir, digestKeys } from "@/lib/integrity/digest-key";
import { writeDigests } from "@/lib/integrity/digests";
import { verifyEvents } from "@/lib/integrity/verify-events";
import { defineAction } from "./client";

export const writeDigestAction = defineAction({
  name: "WriteChainDigest",
  permission: "manageSettings",
  input: z.object({}),
  audit: {},
  revalidate: ["/settings/integrity"],
  run: async ({ database }) => {
    const written = await writeDigests(database, digestDir(), digestKeys());
    return {
      message: `${written.length} signed digest${written.length === 1 ? "" : "s"} written.`,
      event: {
        responseElements: {
          Digests: written.map((d) => ({ Account: d.chainKey, Count: d.count, LastHash: d.lastHash })),
        },
      },
    };
  },
});

export interface IntegrityReport {
  /** One sentence per finding: empty when nothing was changed. */
  findings: string[];
}

/** The verification ran either way: findings are its result, not a refusal, so the answer is ok with them. */
export const verifyIntegrityAction = defineAction({
  name: "VerifyEventIntegrity",
  permission: "manageSettings",
  input: z.object({}),
  audit: { readOnly: true },
  run: async ({ database }) => {
    const report = await verifyEvents(database, digestDir(), digestKeys().publicKey);
    const findings = [
      ...report.digests.badSignatures.map((file) => `Digest not trusted (bad or missing signature): ${file}`),
      ...report.findings.map(describeFinding),
    ];
    const summary = `Checked ${formatCount(report.events)} events in ${report.chains} chain${report.chains === 1 ? "" : "s"} against ${formatCount(report.digests.checked)} signed digest${report.digests.checked === 1 ? "" : "s"}`;
    return {
      message: findings.length
        ? `${summary}: ${findings.length} problem${findings.length === 1 ? "" : "s"} found.`
        : `${summary}: nothing was changed, inserted or deleted.`,
      data: { findings } satisfies IntegrityReport,
      event: {
        responseElements: { Events: report.events, Digests: report.digests.checked, Findings: findings.length },
      },
    };
  },
});
