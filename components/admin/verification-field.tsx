// The identity verification field operation protection asks for: shown in a form once the server answered
// `needsVerification`, and posted as `verification` with the retried operation.
import { Field } from "@/components/ui/field";
import type { VerificationMethod } from "@/lib/auth/identity-verification";

export function VerificationField({ method, id }: { method: VerificationMethod | null | undefined; id: string }) {
  if (!method) return null;
  return (
    <Field
      id={id}
      name="verification"
      label={method === "mfa" ? "MFA code" : "Your password"}
      type={method === "mfa" ? "text" : "password"}
      inputMode={method === "mfa" ? "numeric" : undefined}
      autoComplete={method === "mfa" ? "one-time-code" : "current-password"}
      required
    />
  );
}
