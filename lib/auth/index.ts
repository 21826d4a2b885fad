// The full Auth.js configuration: the database-free base (./config) plus the Credentials provider.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDatabase } from "@/lib/db/client";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { authConfig } from "./config";
import { checkSignIn } from "./sign-in";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class NoConsoleAccess extends CredentialsSignin {
  code = "no_console_access";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { userName: { label: "User name" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await checkSignIn(
          getDatabase(),
          { userName: String(credentials?.userName ?? ""), password: String(credentials?.password ?? "") },
          requestMetaFrom(request.headers),
        );
        if (!result.ok) throw result.reason === "NoConsoleAccess" ? new NoConsoleAccess() : new InvalidCredentials();
        return { id: String(result.user.id), name: result.user.userName, role: result.user.role };
      },
    }),
  ],
});
