// The one door every server action goes through. In order: load the signed-in user from the database, refuse a
// user who must change their password first, check the action's permission, parse the input with its zod
// schema, ask for identity verification where the action needs it, run, and answer with one ActionState. Every
// refusal of a signed-in user is recorded as an event with the action's own name (errorCode NoPermission,
// PasswordChangeRequired, ValidationError or the action's code), and so is every success the action does not
// record itself. A caller with no session is refused unrecorded: there is no one to attribute it to, and a
// signed-out request must not be a way to write into the audit log.
import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { z } from "zod";
import { operationGate } from "@/lib/auth/operation-protection";
import { can, refusalMessage, type Permission } from "@/lib/auth/permissions";
import { currentUser, type ConsoleUser } from "@/lib/auth/session";
import { hasFreshVerification, verificationMethodFor, verifyIdentity } from "@/lib/auth/verify-identity";
import { getDatabase, type Database } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/domain/console-event";
import type { EventResource, EventType } from "@/lib/domain/event";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { requestMetaFrom } from "@/lib/events/request-meta";
import {
  inputArgument,
  issuesToErrors,
  keptValues,
  rawInputOf,
  refused,
  SECRET_FIELDS,
  succeeded,
  verifyFirstMessage,
  type ActionState,
  type RawInput,
} from "./action-state";

export const SESSION_ENDED = "Your session has ended: sign in again.";
export const PASSWORD_CHANGE_REQUIRED = "Change your password before you continue: open Account → Change password.";

/** An expected failure inside `run`: answered as a refusal and, unless the action records its own events,
 *  recorded with this code. */
export class ActionError extends Error {
  readonly code: string;
  readonly fieldErrors?: Record<string, string>;
  readonly data?: unknown;
  /** What the refusal's event names (the batch, the policy...). */
  readonly event?: EventDetails;
  constructor(
    message: string,
    options: { code?: string; fieldErrors?: Record<string, string>; data?: unknown; event?: EventDetails } = {},
  ) {
    super(message);
    this.name = "ActionError";
    this.code = options.code ?? "OperationFailed";
    this.fieldErrors = options.fieldErrors;
    this.data = options.data;
    this.event = options.event;
  }
}

/** none: no verification. protected: only for a user with operation protection on. always: whatever the user's
 *  settings (turning a protection off). A verification within the last 5 minutes counts for both. */
export type StepUp = "none" | "protected" | "always";

/** What the door records for a success (audit "door"). */
export interface EventDetails {
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: EventResource[];
}

export interface RunResult<T> {
  message?: string | null;
  data?: T;
  /** The success event's details; `false`: nothing to record this time (e.g. nothing was imported). */
  event?: EventDetails | false;
}

type Public = "public";
type UserOf<P> = P extends Public ? ConsoleUser | null : ConsoleUser;

export interface RunContext<I, P> {
  user: UserOf<P>;
  input: I;
  /** The request as sent (FormData as a plain object), for what the schema does not carry (uploaded files). */
  raw: RawInput;
  meta: RequestMeta;
  database: Database;
}

export interface ActionDefinition<S extends z.ZodType, T, P extends Permission | Public> {
  /** The event name of success and refusal alike, or a function of the request for actions with several operations. */
  name: string | ((raw: RawInput) => string);
  /** What the caller must be allowed to do; "public" only for signing in and out. */
  permission: P;
  input: S;
  /** A user who must change their password may still do this (changing it, signing out). */
  allowDuringPasswordChange?: boolean;
  stepUp?:
    StepUp | ((context: { user: ConsoleUser; input: z.output<S>; database: Database }) => StepUp | Promise<StepUp>);
  /** "domain": the called module records its own events (success and its own refusals); the door records only
   *  the refusals it makes itself. Otherwise the door records the success too, with these flags. */
  audit: "domain" | { readOnly?: boolean; sensitive?: boolean; eventType?: EventType };
  /** Fields always read as lists (repeated checkboxes). */
  lists?: readonly string[];
  /** Paths to revalidate after a success. */
  revalidate?: readonly (string | readonly [string, "layout" | "page"])[];
  run: (context: RunContext<z.output<S>, P>) => Promise<RunResult<T> | void>;
  /** After a success is recorded: where to go next (Next's redirect() throws, so it must come last). */
  afterSuccess?: () => Promise<void> | void;
}

export interface DoorAction<T> {
  (input: FormData | RawInput): Promise<ActionState<T>>;
  (previous: ActionState<T>, input: FormData | RawInput): Promise<ActionState<T>>;
}

export function defineAction<S extends z.ZodType, T = undefined, P extends Permission | Public = Permission>(
  definition: ActionDefinition<S, T, P>,
): DoorAction<T> {
  const door = async (...args: unknown[]): Promise<ActionState<T>> => {
    const raw = rawInputOf(inputArgument(args), definition.lists);
    const name = typeof definition.name === "function" ? definition.name(raw) : definition.name;
    const values = keptValues(raw, SECRET_FIELDS);
    const meta = requestMetaFrom(await headers());
    const database = getDatabase();
    const user = await currentUser();
    const audit = definition.audit;
    const flags =
      audit === "domain"
        ? { readOnly: false }
        : { readOnly: audit.readOnly ?? false, sensitive: audit.sensitive, eventType: audit.eventType };

    const record = async (details: EventDetails & { errorCode?: string; errorMessage?: string }) => {
      if (!user) return;
      await recordUserOperation(user, {
        eventName: name,
        ...flags,
        resources: details.resources,
        requestParameters: details.requestParameters ?? null,
        responseElements: details.responseElements ?? null,
        errorCode: details.errorCode ?? null,
        errorMessage: details.errorMessage ?? null,
      });
    };
    const refuse = async (
      error: string,
      errorCode: string,
      extra: Omit<ActionState<T>, "ok" | "message" | "error"> = {},
      event: EventDetails = {},
    ) => {
      await record({ ...event, errorCode, errorMessage: error });
      return refused<T>(error, { values, ...extra });
    };

    if (definition.permission !== "public") {
      if (!user) return refused<T>(SESSION_ENDED);
      if (user.mustChangePassword && !definition.allowDuringPasswordChange)
        return refuse(PASSWORD_CHANGE_REQUIRED, "PasswordChangeRequired");
      if (!can(user.role, definition.permission as Permission))
        return refuse(refusalMessage(definition.permission as Permission), "NoPermission");
    }

    const parsed = definition.input.safeParse(raw);
    if (!parsed.success) {
      const { error, fieldErrors } = issuesToErrors(parsed.error.issues);
      return refuse(error, "ValidationError", { fieldErrors });
    }
    const input = parsed.data as z.output<S>;

    if (user && definition.stepUp && definition.stepUp !== "none") {
      const mode =
        typeof definition.stepUp === "function"
          ? await definition.stepUp({ user, input, database })
          : definition.stepUp;
      const method =
        mode === "protected"
          ? await operationGate(user)
          : mode === "always" && !(await hasFreshVerification(user))
            ? await verificationMethodFor(user)
            : null;
      if (method) {
        const answer = typeof raw.verification === "string" ? raw.verification.trim() : "";
        // The question itself is not a refusal; a wrong answer is recorded by verifyIdentity (VerifyIdentity).
        if (!answer) return refused<T>(verifyFirstMessage(method), { values, needsVerification: method });
        const verified = await verifyIdentity(user, answer, name);
        if (!verified.ok)
          return refused<T>(verified.error, {
            values,
            needsVerification: verified.method,
            fieldErrors: { verification: verified.error },
          });
      }
    }

    let result: RunResult<T> | void;
    try {
      result = await definition.run({ user: user as UserOf<P>, input, raw, meta, database });
    } catch (error) {
      if (!(error instanceof ActionError)) throw error; // including Next's redirect()
      const extra = { fieldErrors: error.fieldErrors, data: error.data as T | undefined, values };
      if (audit === "domain") return refused<T>(error.message, extra);
      return refuse(error.message, error.code, extra, error.event);
    }
    if (audit !== "domain" && result?.event !== false) await record(result?.event ?? {});
    for (const path of definition.revalidate ?? []) {
      if (typeof path === "string") revalidatePath(path);
      else revalidatePath(path[0], path[1]);
    }
    await definition.afterSuccess?.();
    return succeeded<T>(result?.message ?? null, result?.data);
  };
  return door as DoorAction<T>;
}
