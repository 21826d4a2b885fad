import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { AccountSecurity } from "./account-security";

export const metadata: Metadata = { title: "Account security" };

export default async function AccountSecurityPage() {
  const user = await requireUser();
  const record = await getDatabase().db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { mfaEnabled: true, mfaBoundAt: true, loginProtection: true, operationProtection: true },
  });
  return (
    <>
      <PageHeader title="Account security" description={`Your own sign-in security, ${user.userName}.`} />
      <AccountSecurity
        mfaEnabled={record.mfaEnabled}
        mfaBoundAt={record.mfaBoundAt?.toISOString() ?? null}
        loginProtection={record.loginProtection}
        operationProtection={record.operationProtection}
      />
    </>
  );
}
