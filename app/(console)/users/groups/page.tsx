// Groups and their members. Administrators create, rename and delete groups, add and remove members and mark
// team leads (a lead with the Team lead role sees their team's records); auditors see the lists only.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listGroups, listUsers } from "@/lib/queries/users";
import { AddMemberForm, CreateGroupForm, GroupOperationButton, RenameGroupForm } from "../_components/admin-forms";
import { MembersTable } from "./members-columns";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  const viewer = await requireSection("users");
  const admin = can(viewer.role, "manageDirectory");
  const database = getDatabase();
  const groups = await listGroups(database, viewer.accountDbId);
  const candidates = admin ? (await listUsers(database, viewer.accountDbId)).map((u) => u.userName) : [];
  return (
    <>
      <PageHeader title="Groups" description={`${groups.length} groups in ${viewer.accountName}.`} />
      <p>
        <Link href="/users">All users</Link>
      </p>
      {admin && (
        <section className="panel" aria-labelledby="create-group">
          <h2 id="create-group">Create group</h2>
          <CreateGroupForm />
        </section>
      )}
      {groups.length === 0 && <p className="empty">No groups yet.</p>}
      {groups.map((g, i) => (
        <section key={g.id} className="panel" aria-labelledby={`group-${i}`}>
          <h2 id={`group-${i}`}>{g.name}</h2>
          {g.description && <p>{g.description}</p>}
          <MembersTable
            groupName={g.name}
            admin={admin}
            rows={g.members.map((m) => ({
              userName: m.userName,
              displayName: m.displayName,
              deleted: m.deleted,
              isLead: m.isLead,
            }))}
          />
          {admin && (
            <details className="group-admin">
              <summary>Change {g.name}</summary>
              <AddMemberForm groupName={g.name} idPrefix={`g${g.id}-add`} candidates={candidates} />
              <RenameGroupForm groupName={g.name} description={g.description} idPrefix={`g${g.id}-rename`} />
              <GroupOperationButton
                groupName={g.name}
                operation="delete"
                label="Delete group"
                danger
                title={`Delete group ${g.name}?`}
                body="Its memberships and team leads go; the users stay."
              />
            </details>
          )}
        </section>
      ))}
    </>
  );
}
