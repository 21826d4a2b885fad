// The database-free part of the Auth.js configuration (sessions, callbacks, logging); ./index.ts adds the
// Credentials provider. Sessions are JWTs carrying the user's id and console role; every page, action and
// route handler re-checks both against the database (./session.ts).
import type { NextAuthConfig } from "next-auth";
import { authSecret } from "@/lib/config/local-secrets";
import { isConsoleRole } from "./roles";

const EIGHT_HOURS = 8 * 60 * 60;

export const authConfig = {
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: EIGHT_HOURS },
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
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.userId ?? "");
      session.user.role = token.role;
      return session;
    },
  },
} satisfies NextAuthConfig;
