"use server";
// The sign-in form's action, through the action door (./client.ts) as its one "public" action: Auth.js checks
// the credentials (lib/auth/sign-in.ts records the attempt as ConsoleSignin, so the door records nothing);
// a refusal comes back as one message that does not say whether the user exists. With login protection the
// password step answers "code required" and the form sends user name, password and the MFA code together:
// no session exists before the code is checked.
import "server-only";
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { ActionError, defineAction } from "./client";
import { textFields } from "./fields";

/** What the form needs back besides the message. */
export interface SignInStep {
  userName: string;
  /** "mfa": the password was accepted; the form asks for the MFA code and sends everything again. */
  step: "password" | "mfa";
  /** Bumped on every answer so the form can clear its password field after a refusal. */
  attempt: number;
}

const LOCKED_MESSAGE = "This account is locked: try again later or ask an administrator.";
const MESSAGES: Record<string, string> = {
  no_console_access: "This user has no access to the Keytrail console. Ask an administrator for a console role.",
  account_locked: LOCKED_MESSAGE,
  signin_throttled: "Too many failed sign-ins from this address: try again in a few minutes.",
  invalid_mfa_code: "That MFA code is not valid: enter the current 6-digit code from your device.",
};

const signInSchema = z.object({
  userName: z.string().trim().min(1, "Enter your user name.").max(256),
  password: z.string().min(1, "Enter your password.").max(256),
  callbackUrl: z.string().max(2048).optional(),
  code: z.string().trim().max(16).optional(),
});

/** Only this site: a crafted callbackUrl must not send a fresh session elsewhere. The proxy gives an absolute
 *  URL, a person may type a path; either way only the path and query of our own host are kept. */
function safeRedirect(target: string | undefined, host: string): string {
  if (!target) return "/";
  try {
    const url = new URL(target, `http://${host}`);
    return url.host === host && (url.protocol === "http:" || url.protocol === "https:")
      ? `${url.pathname}${url.search}`
      : "/";
  } catch {
    return "/";
  }
}

/** A refused step: the message, and what the form shows next. */
const answer = (message: string | null, next: SignInStep) =>
  new ActionError(message ?? "", { code: "SigninRefused", data: next });

export const signInAction = defineAction<typeof textFields, SignInStep, "public">({
  name: "ConsoleSignin",
  permission: "public",
  input: textFields,
  audit: "domain",
  run: async ({ input: form }) => {
    const hadCode = form.code !== undefined;
    const parsed = signInSchema.safeParse({
      userName: form.userName ?? "",
      password: form.password ?? "",
      callbackUrl: form.callbackUrl || undefined,
      code: form.code,
    });
    const userName = (form.userName ?? "").slice(0, 256);
    const attempt = Number(form.attempt ?? 0) + 1 || 1;
    if (!parsed.success)
      throw answer(parsed.error.issues[0].message, { userName, step: hadCode ? "mfa" : "password", attempt });
    if (hadCode && !parsed.data.code)
      throw answer("Enter the 6-digit code from your MFA device.", { userName, step: "mfa", attempt });
    try {
      await signIn("credentials", {
        userName: parsed.data.userName,
        password: parsed.data.password,
        ...(parsed.data.code ? { code: parsed.data.code } : {}),
        redirectTo: safeRedirect(parsed.data.callbackUrl, (await headers()).get("host") ?? "localhost"),
      });
    } catch (error) {
      if (error instanceof AuthError) {
        const code = (error as AuthError & { code?: string }).code;
        if (code === "mfa_required") throw answer(null, { userName, step: "mfa", attempt });
        throw answer((code && MESSAGES[code]) ?? "Incorrect user name or password.", {
          userName,
          step: code === "invalid_mfa_code" ? "mfa" : "password",
          attempt,
        });
      }
      throw error; // the success redirect
    }
    return { data: { userName, step: "password", attempt } };
  },
});
