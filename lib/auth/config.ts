// The database-free part of the Auth.js configuration (sessions, callbacks, logging); ./index.ts adds the
// Credentials provider. Sessions are JWTs carrying the user's id and console role; every page, action and
// route handler re-checks both against the database (./session.ts).
import type { NextAuthConfig } from "next-auth";
import { authSecret } from "@/lib/config/local-secrets";
import { sessionIdleMs } from "./console-sessions";
import { isConsoleRole } from "./roles";

// The token's own lifetime: a backstop. Inactivity (KEYTRAIL_SESSION_IDLE_HOURS) and revocation are enforced per
// request against the ConsoleSession row (./console-sessions.ts).
const TOKEN_MAX_AGE = Math.max(12 * 3600, Math.ceil(sessionIdleMs() / 1000));

export const authConfig = {
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: TOKEN_MAX_AGE },
  pages: { signIn: "/login" },
  logger: {
    // A refused sign-in is an expected outcome, already recorded as a ConsoleSignin event: no stack trace.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(`[auth][error] ${error.name}: ${error.message}`);
    },
  },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.userId = Number(user.id);
        token.role = isConsoleRole(user.role) ? user.role : undefined;
        token.sessionId = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.userId ?? "");
      session.user.role = token.role;
      session.user.sessionId = token.sessionId;
      return session;
    },
  },
} satisfies NextAuthConfig;
