// The user list. It sits in the (list) group with its loading.tsx so the skeleton covers this page only: under
// /users/<name> a streamed boundary would turn an unknown user's 404 into a 200.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatTime } from "@/lib/domain/format";
import { listUsers } from "@/lib/queries/users";
import { UsersTable } from "../users-table";

export const metadata: Metadata = { title: "Users & keys" };

export default async function UsersPage() {
  const user = await requireSection("users");
  const users = await listUsers(getDatabase(), user.accountDbId);
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
      <PageHeader title="Users & keys" description={`${rows.length} users in ${user.accountName}.`} />
      <section className="panel">
        <UsersTable rows={rows} />
      </section>
    </>
  );
}
