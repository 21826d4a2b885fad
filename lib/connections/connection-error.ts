// Why a connection failed, in words a person can act on, and of a kind the console can count and show: every
// connector turns its cloud's errors (an SDK exception, an HTTP status, a DNS failure) into one of these.
export const CONNECTION_ERROR_KINDS = {
  credentials: "bad credentials",
  accessDenied: "access denied",
  noSuchBucket: "no such bucket",
  wrongRegion: "wrong region",
  throttled: "throttled",
  unreachable: "unreachable",
  refusedEndpoint: "endpoint refused",
  invalid: "invalid answer",
  failed: "failed",
} as const;
export type ConnectionErrorKind = keyof typeof CONNECTION_ERROR_KINDS;

export class ConnectionError extends Error {
  constructor(
    readonly kind: ConnectionErrorKind,
    message: string,
    /** Worth retrying soon (throttling, a dropped connection); a stop otherwise waits for the next poll. */
    readonly retryable = kind === "throttled" || kind === "unreachable",
  ) {
    super(message);
    this.name = "ConnectionError";
  }
}

/** Any thrown value as a ConnectionError (unknown ones as "failed", their message kept). */
export function asConnectionError(error: unknown): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionError("failed", message || "failed");
}

/** Thrown by a connector when a backfill cannot go on at all (its range is no longer kept, say): the runner
 *  marks the backfill failed with this message. Any other error leaves it running, to be retried. */
export class BackfillFailure extends ConnectionError {
  constructor(kind: ConnectionErrorKind, message: string) {
    super(kind, message, false);
    this.name = "BackfillFailure";
  }
}
