"use server";
// Disable / enable / delete an AccessKey from the inventory, allow or forbid it to send events, through the action door (./client.ts): the role is
// checked against the database-fresh user (a page that hid the buttons proves nothing), then again in
// changeAccessKey, which records the event. Deleting asks for operation protection's verification.
import "server-only";
import { z } from "zod";
import { changeAccessKey, keyChangeInput } from "@/lib/access-keys/access-key-changes";
import { INGEST_PERMISSION_EVENT, setAccessKeyIngest } from "@/lib/access-keys/access-key-ingest";
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

/** Allow or forbid one AccessKey to send events (POST /api/v1/events). Allowing lets a key write into the record,
 *  so it asks for operation protection's verification as creating a key does; forbidding never waits. */
export const accessKeyIngestAction = defineAction({
  name: INGEST_PERMISSION_EVENT,
  permission: "manageKeys",
  input: z.object({
    accessKeyId: keyChangeInput.shape.accessKeyId,
    allowed: z.enum(["true", "false"]).transform((value) => value === "true"),
  }),
  stepUp: ({ input }) => (input.allowed ? "protected" : "none"),
  audit: "domain",
  revalidate: ["/access-keys", ["/users", "layout"]],
  run: async ({ database, user, input, meta }) => {
    const result = await setAccessKeyIngest(database, user, input.accessKeyId, input.allowed, meta);
    if (!result.ok) throw new ActionError(result.error);
    return { message: result.message };
  },
});
