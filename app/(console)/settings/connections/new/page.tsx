// Add a connection (administrators only; the server action checks again).
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { AddConnectionForm } from "./add-connection-form";

export const metadata: Metadata = { title: "Add connection" };

export default async function AddConnectionPage() {
  await requireSection("addConnection");
  return (
    <>
      <PageHeader
        title="Add connection"
        description="A trail bucket (S3, OSS, COS or BOS), a cloud's event look-up API, or a push receiver for an event bus. Secrets are stored encrypted and never shown again."
      />
      <p>
        <Link href="/settings/connections">All connections</Link>
      </p>
      <AddConnectionForm />
    </>
  );
}
