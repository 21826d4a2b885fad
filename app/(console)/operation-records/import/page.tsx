import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from "@/lib/import/save-uploads";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import log files" };

export default async function ImportLogFilesPage() {
  await requireSection("importLogs");
  return (
    <>
      <PageHeader
        title="Import log files"
        description="AWS CloudTrail, Alibaba ActionTrail, Tencent CloudAudit or Keytrail JSON Lines: the format is detected per file, and an event already stored is skipped."
      />
      <section className="panel">
        <ImportForm maxFiles={MAX_UPLOAD_FILES} maxMegabytes={MAX_UPLOAD_BYTES / 1024 / 1024} />
      </section>
      <p>
        <Link href="/operation-records">Back to operation records</Link>
      </p>
    </>
  );
}
