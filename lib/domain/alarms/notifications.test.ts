import { describe, expect, it } from "vitest";
import { parseNotifications } from "./notifications";

describe("alarm policy notifications", () => {
  it("reads the Message center box, a webhook and email addresses", () => {
    expect(
      parseNotifications({
        notifyConsole: "on",
        webhookUrl: " https://hooks.example/alarm ",
        webhookSecret: "0123456789abcdef",
        emailTo: "a@example.com, b@example.com",
      }),
    ).toEqual({
      ok: true,
      value: {
        notifyConsole: true,
        webhookUrl: "https://hooks.example/alarm",
        webhookSecret: "0123456789abcdef",
        emailTo: "a@example.com, b@example.com",
      },
    });
    expect(parseNotifications({})).toEqual({
      ok: true,
      value: { notifyConsole: false, webhookUrl: null, webhookSecret: null, emailTo: null },
    });
  });

  it("names each bad field", () => {
    expect(
      parseNotifications({ webhookUrl: "ftp://x", webhookSecret: "short", emailTo: "a@example.com nobody" }),
    ).toEqual({
      ok: false,
      errors: {
        webhookUrl: "An http:// or https:// URL.",
        webhookSecret: "16 to 200 characters.",
        emailTo: '"nobody" is not an email address.',
      },
    });
  });

  it("refuses a loopback, link-local or metadata webhook unless private webhooks are allowed", () => {
    const values = { webhookUrl: "http://169.254.169.254/latest/meta-data/iam", webhookSecret: "0123456789abcdef" };
    expect(parseNotifications(values, { allowPrivateWebhooks: false })).toEqual({
      ok: false,
      errors: {
        webhookUrl:
          "The webhook URL is refused: 169.254.169.254 is a loopback, link-local or cloud metadata address (set KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1 to allow it).",
      },
    });
    expect(
      parseNotifications({ ...values, webhookUrl: "http://[::1]:8080/" }, { allowPrivateWebhooks: false }),
    ).toMatchObject({ ok: false });
    expect(parseNotifications(values, { allowPrivateWebhooks: true })).toMatchObject({ ok: true });
    expect(
      parseNotifications({ ...values, webhookUrl: "https://10.0.0.5/hook" }, { allowPrivateWebhooks: false }),
    ).toMatchObject({ ok: true });
  });
});
