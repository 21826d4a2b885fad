import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";

export const metadata: Metadata = { title: "AccessKey audit" };

export default async function AccessKeyAuditPage() {
  const user = await requireSection("accessKeyAudit");
  return (
    <>
      <PageHeader
        title="AccessKey audit"
        description={
          user.role === "TeamLead"
            ? "Audit the AccessKeys of the members of the groups you lead."
            : "Which services did a key call, from where, on what, and when last."
        }
      />
      <ComingSoon>
        <p>
          Enter an AccessKey ID to see its owner, the services it called, and per service the event, IP and resource
          lists with last-access times, live within a second of each event.
        </p>
      </ComingSoon>
    </>
  );
}
