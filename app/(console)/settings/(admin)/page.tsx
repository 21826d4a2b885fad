import type { Metadata } from "next";
import Link from "next/link";
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
          <Link href="/settings/password-policy">Password policy</Link>: length, character classes, rotation, reuse and
          sign-in lockout.
        </p>
        <p>
          <Link href="/settings/integrity">Event integrity</Link>: the events&apos; hash chains, the signed digests and
          their public key; verify now.
        </p>
        <p>
          <Link href="/settings/connections">Connections</Link>: the clouds&apos; trail buckets, event APIs and push
          receivers, read continuously; state, lag, backfill and completeness.
        </p>
        <p>
          <Link href="/settings/alarms">Alarm policies</Link>: built-in, your own and imported Sigma rules;
          notifications; runs over past events.
        </p>
        <p>
          <Link href="/settings/tracking-sets">Tracking sets</Link>: deliver events to a directory, a webhook or syslog;
          historical delivery; retention.
        </p>
      </section>
    </>
  );
}
