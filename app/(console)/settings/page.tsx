import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireSection("settings");
  return (
    <>
      <PageHeader title="Settings" description="Administrators only." />
      <ComingSoon>
        <p>Password policy, tracking sets that deliver events out, alarm policies and retention.</p>
      </ComingSoon>
    </>
  );
}
