import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Credential report" };

export default async function CredentialReportPage() {
  await requireSection("credentialReport");
  return (
    <>
      <PageHeader title="Credential report" description="Every user's password, MFA, protection and AccessKey status." />
      <ComingSoon>
        <p>
          One button downloads the report as CSV (Tencent CAM or AWS IAM layout) after identity verification, with the
          same 4-hour rule as the clouds, generated in seconds.
        </p>
      </ComingSoon>
    </>
  );
}
