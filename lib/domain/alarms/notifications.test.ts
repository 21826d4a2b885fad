import { describe, expect, it } from "vitest";
import { parseNotifications } from "./notifications";

describe("alarm policy notifications", () => {
  it("reads the Message center box, a webhook and email addresses", () => {
    expect(parseNotifications({ notifyConsole: "on", webhookUrl: " https://hooks.example/alarm ", webhookSecret: "0123456789abcdef", emailTo: "a@example.com, b@example.com" })).toEqual({
      ok: true,
      value: { notifyConsole: true, webhookUrl: "https://hooks.example/alarm", webhookSecret: "0123456789abcdef", emailTo: "a@example.com, b@example.com" },
    });
    expect(parseNotifications({})).toEqual({ ok: true, value: { notifyConsole: false, webhookUrl: null, webhookSecret: null, emailTo: null } });
  });

  it("names each bad field", () => {
    expect(parseNotifications({ webhookUrl: "ftp://x", webhookSecret: "short", emailTo: "a@example.com nobody" })).toEqual({
      ok: false,
      errors: { webhookUrl: "An http:// or https:// URL.", webhookSecret: "16 to 200 characters.", emailTo: '"nobody" is not an email address.' },
    });
  });
});
