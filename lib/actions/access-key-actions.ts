"use server";
// Disable / enable / delete an AccessKey from the inventory, through the action door (./client.ts): the role is
// checked against the database-fresh user (a page that hid the buttons proves nothing), then again in
// changeAccessKey, which records the event. Deleting asks for operation protection's verification.
import { changeAccessKey, keyChangeInput } from "@/lib/db/access-key-changes";
import { ActionError, defineAction } from "./client";

export const accessKeyAction = defineAction({
  // The names changeAccessKey records its events under.
  name: (raw) => (raw.operation === "delete" ? "DeleteAccessKey" : "UpdateAccessKey"),
  permission: "manageKeys",
  input: keyChangeInput,
  stepUp: ({ input }) => (input.operation === "delete" ? "protected" : "none"),
  audit: "domain",
  revalidate: ["/access-keys", ["/users", "layout"]],
  run: async ({ database, user, input, meta }) => {
    const result = await changeAccessKey(database, user, input, meta);
    if (!result.ok) throw new ActionError(result.error);
    return { message: result.message };
  },
});
