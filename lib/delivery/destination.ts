// A tracking set's destination: its configuration (validated with zod) and one entry point that delivers a batch
// to whichever kind it is, with one result shape for the scheduler.
// Plain TypeScript: no database, no Next.js.
import path from "node:path";
import { z } from "zod";
import type { NormalisedEvent } from "@/lib/domain/event";
import { privateWebhooksAllowed, refusedWebhookHost, webhookHostMessage } from "@/lib/domain/webhook-address";
import { deliverToDirectory } from "./directory-destination";
import { deliverToSyslog, type SyslogOptions } from "./syslog-destination";
import { deliverToWebhook, type WebhookOptions } from "./webhook-destination";

export const destinationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("directory"),
    path: z
      .string()
      .min(1, "Enter a directory path.")
      .refine((p) => path.isAbsolute(p), "The directory path must be absolute.")
      .refine((p) => !p.includes("\0"), "The directory path cannot contain a NUL character."),
  }),
  z.object({
    kind: z.literal("webhook"),
    url: z
      .string()
      .refine((u) => {
        try {
          const { protocol, hostname } = new URL(u);
          return (protocol === "http:" || protocol === "https:") && hostname !== "";
        } catch {
          return false;
        }
      }, "Enter an http:// or https:// URL.")
      // The host as written; each delivery checks the addresses it resolves to as well (webhook-destination.ts).
      .superRefine((u, context) => {
        if (privateWebhooksAllowed()) return;
        let reason: string | null = null;
        try {
          reason = refusedWebhookHost(new URL(u).hostname);
        } catch {
          return; // reported by the check above
        }
        if (reason) context.addIssue({ code: "custom", message: webhookHostMessage(reason) });
      }),
    secret: z.string().min(1, "Enter a signing secret.").max(1024),
  }),
  z.object({
    kind: z.literal("syslog"),
    host: z
      .string()
      .min(1, "Enter the syslog host.")
      .max(253)
      .refine((h) => !/\s/.test(h), "The host cannot contain spaces."),
    port: z
      .number()
      .int("The port must be a whole number.")
      .min(1, "The port must be 1 to 65535.")
      .max(65535, "The port must be 1 to 65535."),
  }),
]);

export type Destination = z.infer<typeof destinationSchema>;

export interface DeliverOptions {
  webhook?: WebhookOptions;
  syslog?: SyslogOptions;
}

/** `permanent`: retrying the same batch cannot help (bad configuration, or the webhook rejected it with a 4xx). */
export type DeliveryResult = { ok: true; detail: string } | { ok: false; error: string; permanent: boolean };

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** Deliver one batch. Never throws: every failure comes back as { ok: false }. */
export async function deliverBatch(
  destination: Destination,
  setName: string,
  events: NormalisedEvent[],
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const parsed = destinationSchema.safeParse(destination);
  if (!parsed.success)
    return {
      ok: false,
      error: `invalid destination: ${parsed.error.issues.map((i) => i.message).join(" ")}`,
      permanent: true,
    };
  const target = parsed.data;
  if (events.length === 0) return { ok: true, detail: "nothing to deliver" };
  switch (target.kind) {
    case "directory":
      try {
        const { files } = await deliverToDirectory(target.path, setName, events);
        return {
          ok: true,
          detail: `wrote ${plural(events.length, "event")} to ${plural(files.length, "file")} under ${target.path}`,
        };
      } catch (error) {
        return { ok: false, error: `could not write to ${target.path}: ${(error as Error).message}`, permanent: false };
      }
    case "webhook": {
      const result = await deliverToWebhook(target, setName, events, options.webhook);
      if (!result.ok) return { ok: false, error: result.error, permanent: result.permanent };
      return {
        ok: true,
        detail: `delivered ${plural(events.length, "event")} in ${plural(result.attempts, "attempt")}`,
      };
    }
    case "syslog":
      try {
        const { messages, bytes } = await deliverToSyslog(target, setName, events, options.syslog);
        return {
          ok: true,
          detail: `sent ${plural(messages, "message")} (${plural(bytes, "byte")}) to ${target.host}:${target.port}`,
        };
      } catch (error) {
        return { ok: false, error: (error as Error).message, permanent: false };
      }
  }
}
