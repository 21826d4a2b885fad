"use server";
// The sign-in form's action: Auth.js checks the credentials (lib/auth/sign-in.ts records the attempt);
// a refusal comes back as one message that does not say whether the user exists.
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth";

export interface SignInState {
  message: string | null;
  userName: string;
}

const signInSchema = z.object({
  userName: z.string().trim().min(1, "Enter your user name.").max(256),
  password: z.string().min(1, "Enter your password.").max(256),
  callbackUrl: z.string().max(2048).optional(),
});

/** Only this site: a crafted callbackUrl must not send a fresh session elsewhere. The proxy gives an absolute
 *  URL, a person may type a path; either way only the path and query of our own host are kept. */
function safeRedirect(target: string | undefined, host: string): string {
  if (!target) return "/";
  try {
    const url = new URL(target, `http://${host}`);
    return url.host === host && (url.protocol === "http:" || url.protocol === "https:") ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    userName: formData.get("userName") ?? "",
    password: formData.get("password") ?? "",
    callbackUrl: formData.get("callbackUrl") || undefined,
  });
  const userName = String(formData.get("userName") ?? "").slice(0, 256);
  if (!parsed.success) return { message: parsed.error.issues[0].message, userName };
  try {
    await signIn("credentials", {
      userName: parsed.data.userName,
      password: parsed.data.password,
      redirectTo: safeRedirect(parsed.data.callbackUrl, (await headers()).get("host") ?? "localhost"),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return {
        message:
          code === "no_console_access"
            ? "This user has no access to the Keytrail console. Ask an administrator for a console role."
            : "Incorrect user name or password.",
        userName,
      };
    }
    throw error; // the success redirect
  }
  return { message: null, userName };
}
