import type { DefaultSession } from "next-auth";
import type { ConsoleRole } from "./roles";

declare module "next-auth" {
  interface User {
    role?: ConsoleRole;
    sessionId?: string;
  }
  interface Session {
    user: { id: string; role?: ConsoleRole; sessionId?: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    userId?: number;
    role?: ConsoleRole;
    sessionId?: string;
  }
}
