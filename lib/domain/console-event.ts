// The console's own audited operations (sign-in, sign-out, administration, audit-log reads) as normalised
// events, with service "keytrail" and IMS-style event names. Pure: id and time are passed in.
import { withOwnRaw, type EventResource, type EventType, type NormalisedEvent } from "./event";
import { redactUrlsIn } from "./redact-url";

export interface ConsoleActor {
  userName: string | null;
  principalId: string | null;
  /** Root | SubUser | Collaborator | MessageReceiver, or null for an unknown caller. */
  userType: string | null;
  mfaUsed: boolean | null;
}

export interface RequestMeta {
  sourceIpAddress: string | null;
  userAgent: string | null;
}

export interface ConsoleEventInput {
  eventId: string;
  eventTime: Date;
  eventName: string;
  eventType?: EventType;
  readOnly: boolean;
  sensitive?: boolean;
  accountId: string | null;
  actor: ConsoleActor;
  meta: RequestMeta;
  /** The AccessKey a signed API call was made with. */
  accessKeyId?: string | null;
  resources?: EventResource[];
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export const CONSOLE_SERVICE = "keytrail";

/** A signed-in console user (or an AccessKey's owner) as the actor of an event. */
export function actorOf(user: { userName: string; principalId: string | null; userType: string | null }): ConsoleActor {
  return { userName: user.userName, principalId: user.principalId, userType: user.userType, mfaUsed: null };
}

export function consoleEvent(input: ConsoleEventInput): NormalisedEvent {
  return withOwnRaw({
    eventId: input.eventId,
    eventTime: input.eventTime,
    origin: "keytrail",
    eventName: input.eventName,
    eventSource: CONSOLE_SERVICE,
    service: CONSOLE_SERVICE,
    eventType: input.eventType ?? "ConsoleOperation",
    readOnly: input.readOnly,
    sensitive: input.sensitive ?? false,
    accountId: input.accountId,
    userIdentity: {
      type: input.actor.userType,
      principalId: input.actor.principalId,
      userName: input.actor.userName,
      accessKeyId: input.accessKeyId ?? null,
      mfaUsed: input.actor.mfaUsed,
      roleName: null,
    },
    sourceIpAddress: input.meta.sourceIpAddress,
    userAgent: input.meta.userAgent,
    region: null,
    resources: input.resources ?? [],
    requestId: input.eventId,
    errorCode: input.errorCode ?? null,
    errorMessage: input.errorMessage ?? null,
    // A webhook URL may carry its token in the query or user info: the record keeps scheme, host and path only.
    requestParameters: redactUrlsIn(input.requestParameters ?? null),
    responseElements: redactUrlsIn(input.responseElements ?? null),
  });
}

export type SigninOutcome =
  | {
      ok: true;
      /** Why the sign-in is abnormal (lib/auth/abnormal-signin.ts); omitted when it is not. */ abnormal?: string[];
    }
  | {
      ok: false;
      errorCode: "InvalidCredentials" | "NoConsoleAccess" | "InvalidMfaCode" | "AccountLocked" | "SigninThrottled";
      errorMessage: string;
      /** This failure locked the user. */
      locked?: boolean;
    };

/** ConsoleSignin with success or failure. The attempted user name is attacker text: lib/auth/sign-in.ts passes it
 *  only when it names a user or could be a user name, else a placeholder. */
export function consoleSigninEvent(
  base: { eventId: string; eventTime: Date; accountId: string | null; actor: ConsoleActor; meta: RequestMeta },
  outcome: SigninOutcome,
): NormalisedEvent {
  return consoleEvent({
    ...base,
    eventName: "ConsoleSignin",
    eventType: "ConsoleSignin",
    readOnly: false,
    requestParameters: { userName: base.actor.userName },
    responseElements: outcome.ok
      ? { ConsoleSignin: "Success", ...(outcome.abnormal?.length ? { abnormal: outcome.abnormal } : {}) }
      : { ConsoleSignin: "Failure", ...(outcome.locked ? { accountLocked: true } : {}) },
    errorCode: outcome.ok ? null : outcome.errorCode,
    errorMessage: outcome.ok ? null : outcome.errorMessage,
  });
}

export function consoleSignoutEvent(base: {
  eventId: string;
  eventTime: Date;
  accountId: string | null;
  actor: ConsoleActor;
  meta: RequestMeta;
}): NormalisedEvent {
  return consoleEvent({
    ...base,
    eventName: "ConsoleSignout",
    eventType: "ConsoleSignin",
    readOnly: false,
    responseElements: { ConsoleSignout: "Success" },
  });
}
