"use server";
// "Download credential report": verify the user's identity (password, or an MFA code when they have a device)
// unless they did within 5 minutes, then get a report under the 4-hour rule and hand the browser the download
// URL. Failed verifications are recorded (VerifyIdentity with an error) and answered with a message.
import { cookies } from "next/headers";
import { z } from "zod";
import { checkIdentity, isVerified, VERIFICATION_COOKIE, VERIFICATION_TTL_MS, verificationMethodOf, verificationToken, type VerificationMethod } from "@/lib/auth/identity-verification";
import { canOpen } from "@/lib/auth/roles";
import { currentUser, type ConsoleUser } from "@/lib/auth/session";
import { authSecret, encryptionKey } from "@/lib/config/local-secrets";
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

async function verify(user: ConsoleUser, answer: string): Promise<{ ok: boolean; method: VerificationMethod }> {
  const record = await getDatabase().db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, passwordHash: true, mfaEnabled: true, mfaSecret: true },
  });
  const method = verificationMethodOf(record);
  const ok = answer.length > 0 && (await checkIdentity(record, answer, encryptionKey(), new Date()));
  await recordUserOperation(user, {
    eventName: "VerifyIdentity",
    readOnly: true,
    requestParameters: { method, purpose: "DownloadCredentialReport" },
    ...(ok ? {} : { errorCode: "IdentityVerificationFailed", errorMessage: `The ${method === "mfa" ? "MFA code" : "password"} was not accepted.` }),
  });
  return { ok, method };
}

export async function downloadReportAction(_previous: DownloadState, formData: FormData): Promise<DownloadState> {
  const user = await currentUser();
  if (!user) return { status: "error", error: "Your session has ended: sign in again." };
  if (!canOpen(user.role, "credentialReport")) return { status: "error", error: "Only administrators and auditors may download the credential report." };
  const parsed = input.safeParse({ format: formData.get("format") ?? undefined, answer: formData.get("answer") ?? undefined });
  if (!parsed.success) return { status: "error", error: "This request is not valid: choose the Tencent or AWS layout." };
  const { format, answer } = parsed.data;

  const jar = await cookies();
  const secret = authSecret();
  if (!isVerified(jar.get(VERIFICATION_COOKIE)?.value, user.id, new Date(), secret)) {
    if (answer === undefined) {
      const { mfaEnabled, mfaSecret } = await getDatabase().db.user.findUniqueOrThrow({ where: { id: user.id }, select: { mfaEnabled: true, mfaSecret: true } });
      return { status: "verify", method: verificationMethodOf({ mfaEnabled, mfaSecret }), error: null };
    }
    const result = await verify(user, answer);
    if (!result.ok) {
      const what = result.method === "mfa" ? "That MFA code is not valid: enter the current 6-digit code from your device." : "That password is not correct.";
      return { status: "verify", method: result.method, error: what };
    }
    // Like the session cookie, not marked Secure: the console is often served over plain HTTP behind a proxy.
    jar.set(VERIFICATION_COOKIE, verificationToken(user.id, new Date(), secret), {
      httpOnly: true, sameSite: "strict", path: "/", maxAge: VERIFICATION_TTL_MS / 1000,
    });
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
