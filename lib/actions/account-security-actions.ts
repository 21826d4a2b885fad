"use server";
// The signed-in user's own security settings (/account/security), through the action door (./client.ts): bind
// and unbind a virtual MFA device, and turn login protection on or off. Each step is recorded (lib/auth/mfa.ts);
// no secret or code is in an event. Turning login protection off asks for identity verification first.
import "server-only";
import { z } from "zod";
import {
  confirmMfaEnrolment,
  setLoginProtection,
  startMfaEnrolment,
  unbindOwnMfa,
  type MfaEnrolment,
} from "@/lib/auth/mfa";
import { ActionError, defineAction } from "./client";
import { checkbox } from "./fields";

const PATH = "/account/security";
const code = z.object({
  code: z.preprocess(
    (v) => (typeof v === "string" ? v : ""),
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, "Enter the 6-digit code from your MFA device."),
  ),
});
const INVALID_CODE = "That code is not valid: enter the current 6-digit code from your device.";

export const startMfaAction = defineAction({
  name: "CreateVirtualMFADevice",
  permission: "signedIn",
  input: z.object({}),
  audit: "domain",
  run: async ({ database, user }) => {
    const enrolment = await startMfaEnrolment(database, user.id);
    if (!enrolment) throw new ActionError("An MFA device is already bound: unbind it first.");
    return { data: enrolment satisfies MfaEnrolment };
  },
});

// The pending secret is the one stored by startMfaAction: the form only carries the code.
export const confirmMfaAction = defineAction({
  name: "BindMFADevice",
  permission: "signedIn",
  input: code,
  audit: "domain",
  revalidate: [PATH],
  run: async ({ database, user, input, meta }) => {
    if (!(await confirmMfaEnrolment(database, user, input.code, meta))) throw new ActionError(INVALID_CODE);
    return { message: "The virtual MFA device is bound." };
  },
});

// The current code is the verification here: whoever unbinds the device proves they hold it.
export const unbindMfaAction = defineAction({
  name: "UnbindMFADevice",
  permission: "signedIn",
  input: code,
  audit: "domain",
  revalidate: [PATH],
  run: async ({ database, user, input, meta }) => {
    if (!(await unbindOwnMfa(database, user, input.code, meta))) throw new ActionError(INVALID_CODE);
    return { message: "The virtual MFA device is unbound." };
  },
});

export const loginProtectionAction = defineAction({
  name: "SetSecurityPreference",
  permission: "signedIn",
  input: z.object({ loginProtection: checkbox }),
  stepUp: async ({ user, input, database }) => {
    if (input.loginProtection) return "none";
    const { loginProtection } = await database.db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { loginProtection: true },
    });
    return loginProtection ? "always" : "none";
  },
  audit: "domain",
  revalidate: [PATH],
  run: async ({ database, user, input, meta }) => {
    if (!(await setLoginProtection(database, user, input.loginProtection, meta)))
      throw new ActionError("Bind an MFA device before turning login protection on.");
    return { message: input.loginProtection ? "Login protection is on." : "Login protection is off." };
  },
});
