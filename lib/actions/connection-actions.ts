"use server";
// Administrators manage connections from /settings/connections through the action door (./client.ts): add one,
// edit it, pause or resume it, backfill it from a date, rotate a push receiver's secret, and delete it. The
// service (lib/connections/manage-connections.ts) checks and stores; these actions turn a form into its JSON
// shape and record each change, and each refusal, as a sensitive event under the same names the command line and
// the API use (CONNECTION_EVENTS). No secret is ever recorded: a request's secret shows as "(given)"
// (withoutSecrets), and a new push secret travels only in the answer to the form that asked for it.
import "server-only";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { CONNECTION_EVENTS, withoutSecrets } from "@/lib/connections/connection-audit";
import {
  createConnection,
  removeConnection,
  rotatePushSecret,
  setConnectionPaused,
  startBackfill,
  updateConnection,
} from "@/lib/connections/manage-connections";
import { parseBackfillFrom } from "@/lib/domain/connections/backfill-from";
import { connectionInputFromForm } from "@/lib/domain/connections/connection-form";
import { requestBaseUrl } from "@/lib/queries/connections";
import { ActionError, defineAction } from "./client";
import { flag, id, textFields } from "./fields";

const PATH = "/settings/connections";
const RESOURCE = "Connection";
const invalid = (message: string) => new ActionError(message, { code: "ValidationError" });
const NO_SUCH = "No such connection.";

/** What a push receiver's sender needs, shown once. */
export interface PushCredentials {
  url: string;
  header: string;
  secret: string;
}

export interface CreatedConnection {
  id: number;
  name: string;
  push?: PushCredentials;
}

/** The request as recorded: the JSON shape without its secret. */
const recorded = (input: Record<string, unknown>) => withoutSecrets(input);

async function connectionOf(database: Database, connectionId: number) {
  const row = await database.db.connection.findUnique({
    where: { id: connectionId },
    select: { id: true, name: true, kind: true, paused: true },
  });
  if (!row) throw new ActionError(NO_SUCH, { code: "NoSuchConnection" });
  return row;
}

const resource = (name: string) => [{ type: RESOURCE, name }];

export const createConnectionAction = defineAction({
  name: CONNECTION_EVENTS.add,
  permission: "manageConnections",
  input: textFields,
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input: values }) => {
    const input = connectionInputFromForm(values);
    const created = await createConnection(database, input, { baseUrl: await requestBaseUrl() });
    if (!created.ok)
      throw new ActionError(created.error, { code: "ValidationError", event: { requestParameters: recorded(input) } });
    const data: CreatedConnection = { id: created.id, name: created.name, ...(created.push && { push: created.push }) };
    return {
      message: created.push
        ? `Connection "${created.name}" added. Give the sender the URL, header and secret below.`
        : `Connection "${created.name}" added: it starts reading within a few seconds.`,
      data,
      event: { resources: resource(created.name), requestParameters: recorded(input) },
    };
  },
});

export const updateConnectionAction = defineAction({
  name: CONNECTION_EVENTS.update,
  permission: "manageConnections",
  input: z.preprocess(
    (raw) => ({ connectionId: (raw as Record<string, unknown>).connectionId, values: raw }),
    z.object({ connectionId: id(NO_SUCH), values: textFields }),
  ),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input: { connectionId, values } }) => {
    const row = await connectionOf(database, connectionId);
    // The kind cannot change: a bucket stays a bucket. An empty secret keeps the stored one.
    const input = connectionInputFromForm({ ...values, kind: row.kind });
    const updated = await updateConnection(database, row.id, input);
    if (!updated.ok)
      throw new ActionError(updated.error, {
        code: "ValidationError",
        event: { resources: resource(row.name), requestParameters: recorded(input) },
      });
    return {
      message: `Connection "${updated.name}" saved.`,
      event: { resources: resource(updated.name), requestParameters: recorded(input) },
    };
  },
});

export const setConnectionPausedAction = defineAction({
  name: (raw) => (raw.paused === "true" || raw.paused === true ? CONNECTION_EVENTS.pause : CONNECTION_EVENTS.resume),
  permission: "manageConnections",
  input: z.object({ connectionId: id(NO_SUCH), paused: flag }),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input: { connectionId, paused } }) => {
    const row = await connectionOf(database, connectionId);
    const changed = await setConnectionPaused(database, row.id, paused);
    if (!changed.ok) throw new ActionError(changed.error, { code: "NoSuchConnection" });
    return {
      message: paused ? `"${row.name}" paused.` : `"${row.name}" resumed.`,
      event: { resources: resource(row.name) },
    };
  },
});

export const backfillConnectionAction = defineAction({
  name: CONNECTION_EVENTS.backfill,
  permission: "manageConnections",
  input: z.object({
    connectionId: id(NO_SUCH),
    // The same reading of "from" as the command line's --from.
    from: z.unknown().transform((value, ctx) => {
      const parsed = parseBackfillFrom(value);
      if (parsed.ok) return parsed.from;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }),
  }),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input: { connectionId, from } }) => {
    const row = await connectionOf(database, connectionId);
    const started = await startBackfill(database, row.id, from);
    const day = from.toISOString().slice(0, 10);
    if (!started.ok)
      throw new ActionError(started.error, {
        code: "BackfillRefused",
        event: { resources: resource(row.name), requestParameters: { From: day } },
      });
    return {
      message: `Backfill of "${row.name}" from ${day} started.`,
      event: { resources: resource(row.name), requestParameters: { From: day } },
    };
  },
});

export const rotateConnectionSecretAction = defineAction({
  name: CONNECTION_EVENTS.rotateSecret,
  permission: "manageConnections",
  input: z.object({ connectionId: id(NO_SUCH) }),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input: { connectionId } }) => {
    const row = await connectionOf(database, connectionId);
    const rotated = await rotatePushSecret(database, row.id, { baseUrl: await requestBaseUrl() });
    if (!rotated.ok) throw invalid(rotated.error);
    const push: PushCredentials = { url: rotated.url, header: rotated.header, secret: rotated.secret };
    return {
      message: `New secret for "${row.name}": the old one is refused from now on.`,
      data: push,
      event: { resources: resource(row.name) },
    };
  },
});

export const deleteConnectionAction = defineAction({
  name: CONNECTION_EVENTS.remove,
  permission: "manageConnections",
  input: z.object({ connectionId: id(NO_SUCH) }),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input: { connectionId } }) => {
    const row = await connectionOf(database, connectionId);
    const removed = await removeConnection(database, row.id);
    if (!removed.ok) throw new ActionError(removed.error, { code: "NoSuchConnection" });
    return { message: `Connection "${row.name}" deleted.`, event: { resources: resource(row.name) } };
  },
  // Its page is gone: back to the list.
  afterSuccess: () => redirect(PATH),
});
