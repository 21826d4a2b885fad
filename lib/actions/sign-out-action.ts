"use server";
// Signing out, through the action door (./client.ts). Open to anyone ("public"): a stale or ended session must
// still be able to clear its cookie, and a user who must change their password may leave. The door records
// ConsoleSignout for a signed-in user before Auth.js ends the session and redirects.
import "server-only";
import { z } from "zod";
import { signOut } from "@/lib/auth";
import { defineAction } from "./client";

export const signOutAction = defineAction({
  name: "ConsoleSignout",
  permission: "public",
  input: z.object({}),
  audit: { eventType: "ConsoleSignin" },
  run: async () => ({ event: { responseElements: { ConsoleSignout: "Success" } } }),
  afterSuccess: () => signOut({ redirectTo: "/login" }),
});
