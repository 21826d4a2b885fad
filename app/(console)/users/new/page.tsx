// Create a user (administrators only; the server action checks again).
import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listGroups } from "@/lib/queries/users";
import { CreateUserForm } from "../_components/admin-forms";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Create user" };

export default async function NewUserPage() {
  const viewer = await requireSection("users");
  if (!can(viewer.role, "manageDirectory")) forbidden();
  const groups = await listGroups(getDatabase(), viewer.accountDbId);
  return (
    <>
      <PageHeader
        title="Create user"
        description="A user with console access gets an initial password they must change at first sign-in."
      />
      <p>
        <Link href="/users">All users</Link>
      </p>
      <section className="panel">
        <CreateUserForm groups={groups.map((g) => ({ id: g.id, name: g.name }))} />
      </section>
    </>
  );
}
