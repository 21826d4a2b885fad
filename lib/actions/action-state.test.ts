import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  formToObject,
  initialActionState,
  inputArgument,
  issuesToErrors,
  keptValues,
  rawInputOf,
  refused,
  succeeded,
  verifyFirstMessage,
} from "./action-state";
import { checkbox, id, list } from "./fields";

function form(entries: [string, string | File][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("reading a request", () => {
  it("turns FormData into one value per name, a list when a name repeats, and drops React's own fields", () => {
    const data = form([
      ["userName", "ada"],
      ["groupIds", "1"],
      ["groupIds", "2"],
      ["$ACTION_ID_abc", ""],
      ["consoleAccess", "on"],
    ]);
    expect(formToObject(data)).toEqual({ userName: "ada", groupIds: ["1", "2"], consoleAccess: "on" });
  });

  it("reads listed names as lists even with one value or none", () => {
    expect(formToObject(form([["groupIds", "7"]]), ["groupIds"])).toEqual({ groupIds: ["7"] });
    expect(formToObject(form([["userName", "ada"]]), ["groupIds"])).toEqual({ userName: "ada", groupIds: [] });
    expect(rawInputOf({ groupIds: "7" }, ["groupIds"])).toEqual({ groupIds: ["7"] });
  });

  it("keeps an uploaded file as a File", () => {
    const file = new File(["title: x"], "rule.yml");
    expect(formToObject(form([["files", file]])).files).toBe(file);
  });

  it("takes a plain object as it is, and anything else as empty", () => {
    expect(rawInputOf({ operation: "delete" })).toEqual({ operation: "delete" });
    expect(rawInputOf(null)).toEqual({});
    expect(rawInputOf("text")).toEqual({});
    expect(rawInputOf(["a"])).toEqual({});
  });

  it("finds the input after the previous state (useActionState) or alone (a form or a direct call)", () => {
    const data = form([["a", "1"]]);
    expect(inputArgument([initialActionState, data])).toBe(data);
    expect(inputArgument([data])).toBe(data);
    expect(inputArgument([])).toBeUndefined();
  });
});

describe("shaping the answer", () => {
  it("sends back what was typed, never a password, secret or code", () => {
    const raw = {
      userName: "ada",
      password: "p",
      verification: "123456",
      secret: "s",
      newPassword: "n",
      groupIds: ["1"],
      files: new File([], "x"),
      count: 3,
    };
    expect(keptValues(raw)).toEqual({ userName: "ada", groupIds: ["1"] });
  });

  it("turns refused input into one message and one message per field", () => {
    const schema = z.object({
      userName: z.string().min(1, "Enter a user name."),
      email: z.email("Enter an email address."),
    });
    const result = schema.safeParse({ userName: "", email: "x" });
    expect(result.success).toBe(false);
    expect(issuesToErrors(result.error!.issues)).toEqual({
      error: "Enter a user name. Enter an email address.",
      fieldErrors: { userName: "Enter a user name.", email: "Enter an email address." },
    });
    expect(issuesToErrors([])).toEqual({ error: "This request is not valid.", fieldErrors: {} });
  });

  it("gives success and refusal the same shape", () => {
    expect(succeeded("Saved.")).toEqual({ ok: true, message: "Saved.", error: null });
    expect(succeeded(null, { url: "/x" })).toEqual({ ok: true, message: null, error: null, data: { url: "/x" } });
    expect(refused("No.", { needsVerification: "mfa", fieldErrors: undefined })).toEqual({
      ok: false,
      message: null,
      error: "No.",
      needsVerification: "mfa",
    });
    expect(initialActionState).toEqual({ ok: false, message: null, error: null });
  });

  it("asks for the right proof", () => {
    expect(verifyFirstMessage("mfa")).toBe("Verify your identity first: enter your MFA code to continue.");
    expect(verifyFirstMessage("password")).toBe("Verify your identity first: enter your password to continue.");
  });
});

describe("form fields", () => {
  it("reads checkboxes, ids and lists as a form sends them", () => {
    expect(checkbox.parse("on")).toBe(true);
    expect(checkbox.parse(undefined)).toBe(false);
    expect(checkbox.parse(true)).toBe(true);
    expect(checkbox.parse("")).toBe(false);
    expect(checkbox.safeParse("yes").success).toBe(false);
    expect(id().parse("12")).toBe(12);
    expect(id().safeParse("0").success).toBe(false);
    expect(id().safeParse("x").success).toBe(false);
    expect(list.parse("a")).toEqual(["a"]);
    expect(list.parse(undefined)).toEqual([]);
  });
});
