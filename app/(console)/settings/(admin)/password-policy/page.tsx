import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { describePolicy, passwordPolicyOf, POLICY_BOUNDS } from "@/lib/auth/password-policy";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Password policy" };

export default async function PasswordPolicyPage() {
  const user = await requireSection("settings");
  const policy = await passwordPolicyOf(getDatabase(), user.accountDbId);
  return (
    <>
      <PageHeader
        title="Password policy"
        description="Applies to every console password change; passwords already set stay valid until they expire."
      />
      <section className="panel" aria-label="Current policy">
        <ul>
          {describePolicy(policy).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <PolicyForm policy={policy} bounds={POLICY_BOUNDS} />
    </>
  );
}
