"use server";
// The Message center: a user marks their own messages read (one, or all). Only ever the caller's messages.
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";

export async function markMessageReadAction(formData: FormData): Promise<void> {
  const user = await currentUser();
  const id = Number(formData.get("messageId"));
  if (!user || !Number.isInteger(id)) return;
  await getDatabase().db.message.updateMany({ where: { id, userId: user.id, readAt: null }, data: { readAt: new Date() } });
  revalidatePath("/messages");
}

export async function markAllMessagesReadAction(): Promise<void> {
  const user = await currentUser();
  if (!user) return;
  await getDatabase().db.message.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
  revalidatePath("/messages");
}
