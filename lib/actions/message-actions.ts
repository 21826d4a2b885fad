"use server";
// The Message center: a user marks their own messages read (one, or all). Only ever the caller's messages.
// Reading one's own messages is not an audited operation: the door records only refusals here.
import "server-only";
import { z } from "zod";
import { defineAction } from "./client";
import { id } from "./fields";

export const markMessageReadAction = defineAction({
  name: "MarkMessageRead",
  permission: "signedIn",
  input: z.object({ messageId: id() }),
  audit: "domain",
  revalidate: ["/messages"],
  run: async ({ database, user, input }) => {
    await database.db.message.updateMany({
      where: { id: input.messageId, userId: user.id, readAt: null },
      data: { readAt: new Date() },
    });
  },
});

export const markAllMessagesReadAction = defineAction({
  name: "MarkAllMessagesRead",
  permission: "signedIn",
  input: z.object({}),
  audit: "domain",
  revalidate: ["/messages"],
  run: async ({ database, user }) => {
    await database.db.message.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
  },
});
