import type { DefaultSession } from "next-auth";
import type { ConsoleRole } from "./roles";

declare module "next-auth" {
  interface User {
    role?: ConsoleRole;
  }
  interface Session {
    user: { id: string; role?: ConsoleRole } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    userId?: number;
    role?: ConsoleRole;
  }
}
