import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { accountSecurityOf } from "@/lib/queries/account-security";
import { AccountSecurity } from "./account-security";

export const metadata: Metadata = { title: "Account security" };

export default async function AccountSecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  // /account/password comes back here after a change.
  const passwordChanged = (await searchParams).passwordChanged === "1";
  const record = await accountSecurityOf(getDatabase(), user.id);
  return (
    <>
      <PageHeader title="Account security" description={`Your own sign-in security, ${user.userName}.`} />
      {passwordChanged && (
        <p className="notice" role="status">
          Your password was changed; your other sessions were signed out.
        </p>
      )}
      <AccountSecurity
        mfaEnabled={record.mfaEnabled}
        mfaBoundAt={record.mfaBoundAt?.toISOString() ?? null}
        loginProtection={record.loginProtection}
        operationProtection={record.operationProtection}
      />
    </>
  );
}
