"use server";
// The AccessKey audit's search box asks for IDs by prefix as the user types: keys of the inventory and keys
// seen only in logs, limited to the caller's scope (a team lead gets only their team's keys).
import { z } from "zod";
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { suggestAccessKeys } from "@/lib/queries/access-key-audit";
import { userScopeOf } from "@/lib/queries/scope";

const prefixSchema = z.string().trim().min(2).max(128);

export async function suggestAccessKeysAction(prefix: string): Promise<string[]> {
  const user = await currentUser();
  if (!user || !canOpen(user.role, "accessKeyAudit")) return [];
  const parsed = prefixSchema.safeParse(prefix);
  if (!parsed.success) return [];
  const database = getDatabase();
  return suggestAccessKeys(database, parsed.data, await userScopeOf(database, user));
}
