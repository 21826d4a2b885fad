import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <main className="login">
      <div className="login-card">
        <div className="brand brand-large">
          <img src="/icon.svg" alt="" width={32} height={32} />
          <span>Keytrail</span>
        </div>
        <h1>Sign in to the audit console</h1>
        <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
      </div>
    </main>
  );
}
