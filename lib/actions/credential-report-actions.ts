"use server";
// "Download credential report", through the action door (./client.ts): identity verification (password, or an
// MFA code when the user has a device) unless given within 5 minutes, then a report under the 4-hour rule and
// the download URL for the browser. Failed verifications are recorded by verifyIdentity (VerifyIdentity).
import "server-only";
import { z } from "zod";
import { requestCredentialReport } from "@/lib/credential-report/credential-reports";
import { REPORT_FORMATS } from "@/lib/domain/credential-report/snapshot";
import { ActionError, defineAction } from "./client";

export interface ReportDownload {
  url: string;
  generatedAt: string;
}

export const downloadReportAction = defineAction({
  name: "GenerateCredentialReport",
  permission: "credentialReport",
  input: z.object({
    format: z.enum(REPORT_FORMATS, "This request is not valid: choose the Tencent or AWS layout.").default("tencent"),
  }),
  stepUp: "always",
  audit: {},
  run: async ({ database, user, input }) => {
    const outcome = await requestCredentialReport(database, user.accountDbId, { waitMs: 30_000 });
    if (!outcome.report)
      throw new ActionError("Another request is still generating the report: try again in a moment.", {
        code: "ReportInProgress",
      });
    const generatedAt = outcome.report.generatedAt.toISOString();
    return {
      data: { url: `/api/v1/credential-report?format=${input.format}`, generatedAt } satisfies ReportDownload,
      event: { responseElements: { generatedAt, generated: outcome.generated } },
    };
  },
});
