// A policy's notification settings from the administrator's form: the Message center on or off, a webhook (URL
// and its signing secret) and email addresses. Field-level errors, as the form shows them.
import { z } from "zod";
import { privateWebhooksAllowed, refusedWebhookHost, webhookHostMessage } from "../webhook-address";

export interface NotificationSettings {
  notifyConsole: boolean;
  webhookUrl: string | null;
  /** Only when typed: a stored secret is never shown again. */
  webhookSecret: string | null;
  emailTo: string | null;
}

const email = z.email();

export function parseNotifications(
  values: Record<string, string>,
  options: { allowPrivateWebhooks?: boolean } = {},
): { ok: true; value: NotificationSettings } | { ok: false; errors: Record<string, string> } {
  const allowPrivate = options.allowPrivateWebhooks ?? privateWebhooksAllowed();
  const errors: Record<string, string> = {};
  const url = (values.webhookUrl ?? "").trim();
  if (url) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
      errors.webhookUrl = "An http:// or https:// URL.";
    else if (url.length > 2000) errors.webhookUrl = "At most 2,000 characters.";
    else {
      const refused = allowPrivate ? null : refusedWebhookHost(parsed.hostname);
      if (refused) errors.webhookUrl = webhookHostMessage(refused);
    }
  }
  const secret = values.webhookSecret ?? "";
  if (secret && (secret.length < 16 || secret.length > 200)) errors.webhookSecret = "16 to 200 characters.";
  const addresses = (values.emailTo ?? "").split(/[,\s]+/).filter(Boolean);
  const bad = addresses.find((a) => !email.safeParse(a).success);
  if (bad) errors.emailTo = `"${bad}" is not an email address.`;
  else if (addresses.length > 20) errors.emailTo = "At most 20 addresses.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      notifyConsole: values.notifyConsole === "on" || values.notifyConsole === "true",
      webhookUrl: url || null,
      webhookSecret: secret || null,
      emailTo: addresses.length ? addresses.join(", ") : null,
    },
  };
}
