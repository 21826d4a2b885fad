import { describe, expect, it } from "vitest";
import { redactUrl, redactUrlsIn } from "./redact-url";

describe("redactUrl", () => {
  it("keeps scheme, host (and port) and path; drops user info, query and fragment", () => {
    expect(redactUrl("https://user:p4ss@hooks.example.com:8443/services/T0/B0?token=s3cret&x=1#frag")).toBe(
      "https://hooks.example.com:8443/services/T0/B0",
    );
    expect(redactUrl("http://hooks.example.com/in?key=abc")).toBe("http://hooks.example.com/in");
    expect(redactUrl("https://[2001:db8::1]/hook?sig=1")).toBe("https://[2001:db8::1]/hook");
    expect(redactUrl("HTTPS://Hooks.Example.com")).toBe("https://hooks.example.com/");
  });

  it("leaves anything that is not an absolute http(s) URL as it is", () => {
    expect(redactUrl("/operation-records?range=7d")).toBe("/operation-records?range=7d");
    expect(redactUrl("ftp://u:p@host/x?y")).toBe("ftp://u:p@host/x?y");
    expect(redactUrl("https://")).toBe("https://");
    expect(redactUrl("not a url")).toBe("not a url");
  });
});

describe("redactUrlsIn", () => {
  it("redacts URLs at any depth and keeps everything else", () => {
    const input = {
      Name: "siem",
      Webhook: "https://hooks.example.com/x?token=t",
      Destination: { kind: "webhook", url: "https://a:b@hooks.example.com/y#z", secret: "(hidden)" },
      Urls: ["http://h.example/p?q=1", 3, null, true],
    };
    expect(redactUrlsIn(input)).toEqual({
      Name: "siem",
      Webhook: "https://hooks.example.com/x",
      Destination: { kind: "webhook", url: "https://hooks.example.com/y", secret: "(hidden)" },
      Urls: ["http://h.example/p", 3, null, true],
    });
    expect(input.Webhook).toBe("https://hooks.example.com/x?token=t");
  });
});
