// The recycle bin: users deleted less than 30 days ago. Administrators restore them or delete them permanently;
// auditors see the list only.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatTime } from "@/lib/domain/format";
import { listRecycleBin } from "@/lib/queries/users";
import { RecycleBinTable } from "./recycle-bin-columns";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Recycle bin" };

export default async function RecycleBinPage() {
  const viewer = await requireSection("users");
  const admin = can(viewer.role, "manageDirectory");
  const rows = await listRecycleBin(getDatabase(), viewer.accountDbId);
  return (
    <>
      <PageHeader
        title="Recycle bin"
        description="Deleted users stay here for 30 days: they cannot sign in or use their AccessKeys, and can be restored. Users deleted more than 30 days ago are no longer listed and can no longer be restored."
      />
      <p>
        <Link href="/users">All users</Link>
      </p>
      <section className="panel">
        <RecycleBinTable
          admin={admin}
          rows={rows.map((u) => ({
            userName: u.userName,
            displayName: u.displayName,
            userType: u.userType,
            deleted: formatTime(u.deletedAt),
            accessKeys: String(u.keys),
          }))}
        />
      </section>
    </>
  );
}
