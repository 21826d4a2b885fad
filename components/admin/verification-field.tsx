// The identity verification field operation protection asks for: shown in a form once the server answered
// `needsVerification`, and posted as `verification` with the retried operation.
import type { VerificationMethod } from "@/lib/auth/identity-verification";

export function VerificationField({ method, id }: { method: VerificationMethod | null | undefined; id: string }) {
  if (!method) return null;
  return (
    <label className="field" htmlFor={id}>
      {method === "mfa" ? "MFA code" : "Your password"}
      <input
        id={id}
        name="verification"
        type={method === "mfa" ? "text" : "password"}
        inputMode={method === "mfa" ? "numeric" : undefined}
        autoComplete={method === "mfa" ? "one-time-code" : "current-password"}
        required
      />
    </label>
  );
}
