// The full Auth.js configuration: the database-free base (./config) plus the Credentials provider.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDatabase } from "@/lib/db/client";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { authConfig } from "./config";
import { revokeSession } from "./console-sessions";
import { checkSignIn, type SignInRefusal } from "./sign-in";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class NoConsoleAccess extends CredentialsSignin {
  code = "no_console_access";
}
class AccountLocked extends CredentialsSignin {
  code = "account_locked";
}
class SigninThrottled extends CredentialsSignin {
  code = "signin_throttled";
}
class MfaRequired extends CredentialsSignin {
  code = "mfa_required";
}
class InvalidMfaCode extends CredentialsSignin {
  code = "invalid_mfa_code";
}

const REFUSALS: Record<SignInRefusal, new () => CredentialsSignin> = {
  InvalidCredentials,
  NoConsoleAccess,
  Locked: AccountLocked,
  Throttled: SigninThrottled,
  MfaRequired,
  InvalidMfaCode,
};

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: {
        userName: { label: "User name" },
        password: { label: "Password", type: "password" },
        code: { label: "MFA code" },
      },
      async authorize(credentials, request) {
        const result = await checkSignIn(
          getDatabase(),
          {
            userName: String(credentials?.userName ?? ""),
            password: String(credentials?.password ?? ""),
            code: credentials?.code ? String(credentials.code) : undefined,
          },
          requestMetaFrom(request.headers),
        );
        if (!result.ok) throw new REFUSALS[result.reason]();
        return {
          id: String(result.user.id),
          name: result.user.userName,
          role: result.user.role,
          sessionId: result.user.sessionId,
        };
      },
    }),
  ],
  events: {
    // Signing out ends the server-side session too, so a copy of the token is no longer accepted.
    async signOut(message) {
      const sessionId = "token" in message ? message.token?.sessionId : undefined;
      if (sessionId) await revokeSession(getDatabase(), sessionId);
    },
  },
});
