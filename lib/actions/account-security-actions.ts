"use server";
// The signed-in user's own security settings (/account/security): bind and unbind a virtual MFA device, and
// turn login protection on or off. Each step is recorded (lib/auth/mfa.ts); no secret or code is in an event.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { confirmMfaEnrolment, setLoginProtection, startMfaEnrolment, unbindOwnMfa, type MfaEnrolment } from "@/lib/auth/mfa";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { requestMetaFrom } from "@/lib/events/request-meta";

export type MfaState =
  | { status: "idle"; error?: string; message?: string }
  | { status: "enrolling"; enrolment: MfaEnrolment; error?: string };

const codeSchema = z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your MFA device.");

async function signedIn() {
  const user = await currentUser();
  if (!user) throw new Error("Your session has ended: sign in again.");
  return { user, meta: requestMetaFrom(await headers()) };
}

export async function startMfaAction(): Promise<MfaState> {
  const { user } = await signedIn();
  const enrolment = await startMfaEnrolment(getDatabase(), user.id);
  if (!enrolment) return { status: "idle", error: "An MFA device is already bound: unbind it first." };
  return { status: "enrolling", enrolment };
}

// The pending secret is the one stored by startMfaAction: the form only carries the code.
export async function confirmMfaAction(_previous: MfaState, formData: FormData): Promise<MfaState> {
  const { user, meta } = await signedIn();
  const code = codeSchema.safeParse(formData.get("code") ?? "");
  if (!code.success) return { status: "idle", error: code.error.issues[0].message };
  if (!(await confirmMfaEnrolment(getDatabase(), user, code.data, meta))) {
    return { status: "idle", error: "That code is not valid: enter the current 6-digit code from your device." };
  }
  revalidatePath("/account/security");
  return { status: "idle", message: "The virtual MFA device is bound." };
}

export async function unbindMfaAction(_previous: MfaState, formData: FormData): Promise<MfaState> {
  const { user, meta } = await signedIn();
  const code = codeSchema.safeParse(formData.get("code") ?? "");
  if (!code.success) return { status: "idle", error: code.error.issues[0].message };
  if (!(await unbindOwnMfa(getDatabase(), user, code.data, meta))) {
    return { status: "idle", error: "That code is not valid: enter the current 6-digit code from your device." };
  }
  revalidatePath("/account/security");
  return { status: "idle", message: "The virtual MFA device is unbound." };
}

export async function loginProtectionAction(_previous: MfaState, formData: FormData): Promise<MfaState> {
  const { user, meta } = await signedIn();
  const on = formData.get("loginProtection") === "on";
  if (!(await setLoginProtection(getDatabase(), user, on, meta))) return { status: "idle", error: "Bind an MFA device before turning login protection on." };
  revalidatePath("/account/security");
  return { status: "idle", message: on ? "Login protection is on." : "Login protection is off." };
}
