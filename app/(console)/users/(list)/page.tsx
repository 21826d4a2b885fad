// The user list. It sits in the (list) group with its loading.tsx so the skeleton covers this page only: under
// /users/<name> a streamed boundary would turn an unknown user's 404 into a 200. Filters (type, group, MFA,
// console access, protection) live in the URL; `?mfa=off` lists the console users without MFA (the Overview's
// "Users without MFA" figure links here).
import type { Metadata } from "next";
import Link from "next/link";
import { FormError } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatTime } from "@/lib/domain/format";
import { NO_USER_FILTER, parseUserListFilter } from "@/lib/domain/user-list-filter";
import { toSearchParams } from "@/lib/domain/url-state";
import { listGroupNames } from "@/lib/queries/group-names";
import { listUsers } from "@/lib/queries/users";
import { UsersTable } from "../users-columns";
import { UserFilterForm } from "./user-filter-form";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Users & keys" };

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireSection("users");
  const parsed = parseUserListFilter(toSearchParams(await searchParams));
  const filter = parsed.ok ? parsed.value : NO_USER_FILTER;
  const withoutMfa = filter.mfa === "off";
  const database = getDatabase();
  const [users, groups] = await Promise.all([
    parsed.ok ? listUsers(database, user.accountDbId, { filter }) : Promise.resolve([]),
    listGroupNames(database, user.accountDbId),
  ]);
  const filtered = Object.values(filter).some((v) => v !== null);
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
        description={
          withoutMfa
            ? `${rows.length} console users without MFA in ${user.accountName}.`
            : `${rows.length} ${filtered ? "matching users" : "users"} in ${user.accountName}.`
        }
      />
      <UserFilterForm filter={filter} groups={groups.map((g) => g.name)} />
      {!parsed.ok && <FormError>This filter cannot be applied: {parsed.message}.</FormError>}
      <section className="panel">
        {withoutMfa && (
          <p className="notice" role="status">
            Showing console users without MFA only. <Link href="/users">Show all users</Link>
          </p>
        )}
        <p className="row-actions">
          {can(user.role, "manageDirectory") && (
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
