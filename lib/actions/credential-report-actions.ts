"use server";
// "Download credential report": verify the user's identity (password, or an MFA code when they have a device)
// unless they did within 5 minutes, then get a report under the 4-hour rule and hand the browser the download
// URL. Failed verifications are recorded (VerifyIdentity with an error) and answered with a message.
import { z } from "zod";
import type { VerificationMethod } from "@/lib/auth/identity-verification";
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { hasFreshVerification, verificationMethodFor, verifyIdentity } from "@/lib/auth/verify-identity";
import { getDatabase } from "@/lib/db/client";
import { requestCredentialReport } from "@/lib/db/credential-reports";
import { REPORT_FORMATS } from "@/lib/domain/credential-report/snapshot";
import { recordUserOperation } from "@/lib/events/record-user-operation";

export type DownloadState =
  | { status: "idle" }
  | { status: "verify"; method: VerificationMethod; error: string | null }
  | { status: "ready"; url: string; generatedAt: string }
  | { status: "error"; error: string };

const input = z.object({
  format: z.enum(REPORT_FORMATS).default("tencent"),
  answer: z.string().max(256).optional(),
});

export async function downloadReportAction(_previous: DownloadState, formData: FormData): Promise<DownloadState> {
  const user = await currentUser();
  if (!user) return { status: "error", error: "Your session has ended: sign in again." };
  if (!canOpen(user.role, "credentialReport")) return { status: "error", error: "Only administrators and auditors may download the credential report." };
  const parsed = input.safeParse({ format: formData.get("format") ?? undefined, answer: formData.get("answer") ?? undefined });
  if (!parsed.success) return { status: "error", error: "This request is not valid: choose the Tencent or AWS layout." };
  const { format, answer } = parsed.data;

  if (!(await hasFreshVerification(user))) {
    if (answer === undefined) return { status: "verify", method: await verificationMethodFor(user), error: null };
    const result = await verifyIdentity(user, answer, "DownloadCredentialReport");
    if (!result.ok) return { status: "verify", method: result.method, error: result.error };
  }

  const database = getDatabase();
  const outcome = await requestCredentialReport(database, user.accountDbId, { waitMs: 30_000 });
  if (!outcome.report) return { status: "error", error: "Another request is still generating the report: try again in a moment." };
  await recordUserOperation(user, {
    eventName: "GenerateCredentialReport",
    readOnly: false,
    responseElements: { generatedAt: outcome.report.generatedAt.toISOString(), generated: outcome.generated },
  });
  return { status: "ready", url: `/api/v1/credential-report?format=${format}`, generatedAt: outcome.report.generatedAt.toISOString() };
}
