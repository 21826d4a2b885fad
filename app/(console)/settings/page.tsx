import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireSection("settings");
  return (
    <>
      <PageHeader title="Settings" description="Administrators only." />
      <section className="panel" aria-label="Security settings">
        <p>
          <Link href="/settings/password-policy">Password policy</Link>: length, character classes, rotation, reuse and sign-in lockout.
        </p>
        <p>
          <Link href="/settings/integrity">Event integrity</Link>: the events&apos; hash chains, the signed digests and their public key; verify now.
        </p>
      </section>
      <ComingSoon>
        <p>Tracking sets that deliver events out, alarm policies and retention.</p>
      </ComingSoon>
    </>
  );
}
