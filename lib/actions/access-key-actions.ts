"use server";
// Disable / enable / delete an AccessKey from the inventory. The caller's role is checked here against the
// database-fresh session user (a page that hid the buttons proves nothing), then again in changeAccessKey.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { VerificationMethod } from "@/lib/auth/identity-verification";
import { operationGate } from "@/lib/auth/operation-protection";
import { currentUser } from "@/lib/auth/session";
import { verifyIdentity } from "@/lib/auth/verify-identity";
import { changeAccessKey, keyChangeInput } from "@/lib/db/access-key-changes";
import { getDatabase } from "@/lib/db/client";
import { requestMetaFrom } from "@/lib/events/request-meta";

export interface KeyActionState {
  ok: boolean;
  message: string | null;
  error: string | null;
  /** Operation protection (delete only): verify with this method first. */
  needsVerification?: VerificationMethod | null;
}

export async function accessKeyAction(_previous: KeyActionState, formData: FormData): Promise<KeyActionState> {
  const user = await currentUser();
  if (!user) return { ok: false, message: null, error: "Your session has ended: sign in again." };
  const parsed = keyChangeInput.safeParse({ accessKeyId: formData.get("accessKeyId"), operation: formData.get("operation") });
  if (!parsed.success) return { ok: false, message: null, error: `This request is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.` };
  if (parsed.data.operation === "delete") {
    const method = await operationGate(user);
    if (method) {
      const answer = String(formData.get("verification") ?? "").trim();
      if (!answer) return { ok: false, message: null, error: `Verify your identity first: enter your ${method === "mfa" ? "MFA code" : "password"} to continue.`, needsVerification: method };
      const verified = await verifyIdentity(user, answer, "DeleteAccessKey");
      if (!verified.ok) return { ok: false, message: null, error: verified.error, needsVerification: verified.method };
    }
  }
  const meta = requestMetaFrom(await headers());
  const result = await changeAccessKey(getDatabase(), user, parsed.data, meta);
  if (!result.ok) return { ok: false, message: null, error: result.error };
  revalidatePath("/access-keys");
  revalidatePath("/users", "layout");
  return { ok: true, message: result.message, error: null };
}
