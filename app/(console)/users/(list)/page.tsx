// The user list. It sits in the (list) group with its loading.tsx so the skeleton covers this page only: under
// /users/<name> a streamed boundary would turn an unknown user's 404 into a 200. `?mfa=off` lists only the
// console users without MFA (the Overview's "Users without MFA" figure links here).
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatTime } from "@/lib/domain/format";
import { listUsers } from "@/lib/queries/users";
import { UsersTable } from "../users-table";

export const metadata: Metadata = { title: "Users & keys" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSection("users");
  const withoutMfa = (await searchParams).mfa === "off";
  const users = await listUsers(getDatabase(), user.accountDbId, { withoutMfa });
  const rows = users.map((u) => ({
    userName: u.userName,
    displayName: u.displayName,
    userType: u.userType,
    consoleRole: u.consoleRole ?? "—",
    mfa: u.mfaEnabled ? "Enabled" : "Off",
    groups: u.groups.join(", ") || "—",
    accessKeys: u.accessKeys.map((k) => `${k.accessKeyId} (${k.status})`).join(", ") || "—",
    created: formatTime(u.createdAt),
  }));
  return (
    <>
      <PageHeader
        title="Users & keys"
        description={withoutMfa ? `${rows.length} console users without MFA in ${user.accountName}.` : `${rows.length} users in ${user.accountName}.`}
      />
      <section className="panel">
        {withoutMfa && (
          <p className="notice" role="status">
            Showing console users without MFA only. <Link href="/users">Show all users</Link>
          </p>
        )}
        <p className="row-actions">
          {user.role === "Administrator" && (
            <Link className="button button-primary button-small" href="/users/new">
              Create user
            </Link>
          )}
          <Link href="/users/groups">Groups</Link>
          <Link href="/users/recycle-bin">Recycle bin</Link>
        </p>
        <UsersTable rows={rows} />
      </section>
    </>
  );
}
