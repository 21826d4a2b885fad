// The recycle bin: users deleted less than 30 days ago. Administrators restore them or delete them permanently;
// auditors see the list only.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatTime } from "@/lib/domain/format";
import { listRecycleBin } from "@/lib/queries/users";
import { RecycleBinActions } from "../_components/admin-forms";
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
        {rows.length === 0 ? (
          <p className="empty">The recycle bin is empty.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Recycle bin</caption>
              <thead>
                <tr>
                  <th scope="col">User name</th>
                  <th scope="col">Display name</th>
                  <th scope="col">User type</th>
                  <th scope="col">Deleted</th>
                  <th scope="col">AccessKeys</th>
                  {admin && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr key={u.userName}>
                    <td>
                      <Link href={`/users/${encodeURIComponent(u.userName)}`}>{u.userName}</Link>
                    </td>
                    <td>{u.displayName}</td>
                    <td>{u.userType}</td>
                    <td>{formatTime(u.deletedAt)}</td>
                    <td>{u.keys}</td>
                    {admin && (
                      <td>
                        <RecycleBinActions userName={u.userName} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
