"use server";
// The AccessKey audit's search box asks for IDs by prefix as the user types, through the action door
// (./client.ts): keys of the inventory and keys seen only in logs, limited to the caller's scope (a team lead
// gets only their team's keys). A suggestion is not an audited read (one per keystroke); a refusal is.
import "server-only";
import { z } from "zod";
import { suggestAccessKeys } from "@/lib/queries/access-key-audit";
import { userScopeOf } from "@/lib/queries/scope";
import { defineAction } from "./client";

export const suggestAccessKeysAction = defineAction({
  name: "SuggestAccessKeys",
  permission: "readAudit",
  input: z.object({ prefix: z.string().trim().min(2, "Type at least 2 characters.").max(128) }),
  audit: "domain",
  run: async ({ database, user, input }) => ({
    data: await suggestAccessKeys(database, input.prefix, await userScopeOf(database, user)),
  }),
});
