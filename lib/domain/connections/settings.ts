// What a connection is, as one JSON shape for the command line, the API and the Settings form: a trail bucket
// read through the S3 protocol, a cloud's event look-up API, or a push receiver. The input carries the secrets;
// what is stored and shown is split into `settings` (no secrets) and `secrets` (encrypted apart, never shown).
import { z } from "zod";
import { BUCKET_LAYOUTS, layoutOf } from "./layouts";

export const CONNECTION_KINDS = ["bucket", "api", "push"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export { BUCKET_LAYOUTS, type BucketLayout } from "./layouts";

export const API_CLOUDS = ["aws", "alibaba", "tencent"] as const;
export type ApiCloud = (typeof API_CLOUDS)[number];

export const PUSH_ENVELOPES = ["eventbridge", "cloudevents"] as const;
export type PushEnvelope = (typeof PUSH_ENVELOPES)[number];

export const CONNECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
export const MAX_CONNECTIONS = 100;
/** The clouds publish events up to 10-15 minutes late: an API poll re-reads this window by default. */
export const DEFAULT_OVERLAP_MINUTES = 15;
/** The look-up APIs keep 90 days. */
export const API_BACKFILL_DAYS = 90;

const name = z
  .string()
  .trim()
  .regex(CONNECTION_NAME, "name: 1 to 64 letters, digits, spaces, _ . or -, starting with a letter or digit");
const endpoint = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "endpoint: an http(s) URL without user name or password, such as https://s3.us-east-1.amazonaws.com");
const region = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "region: lower-case letters, digits and -, such as us-east-1 or cn-hangzhou");
const accessKeyId = z.string().trim().min(1, "accessKeyId: required").max(256);
const secret = z.string().min(1, "secretAccessKey: required").max(1024);
const pollSeconds = z.number().int().min(5, "pollSeconds: 5 or more").max(86_400, "pollSeconds: at most 86400");

export const bucketInputSchema = z
  .object({
    kind: z.literal("bucket"),
    name,
    layout: z.enum(BUCKET_LAYOUTS, { message: `layout: one of ${BUCKET_LAYOUTS.join(", ")}` }),
    /** For layout "pattern": the key pattern (lib/domain/connections/layouts.ts documents the placeholders). */
    pattern: z.string().trim().max(512).optional(),
    endpoint,
    region,
    bucket: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,253}[a-z0-9]$/, "bucket: 3 to 255 lower-case letters, digits, . and -"),
    prefix: z
      .string()
      .max(1024)
      .default("")
      .transform((p) => p.replace(/^\/+/, "")),
    accessKeyId,
    secretAccessKey: secret,
    /** Path-style addressing (http://endpoint/bucket/key): MinIO, s3rver and some private stores need it. */
    pathStyle: z.boolean().default(false),
    pollSeconds: pollSeconds.default(60),
    /** AWS CloudTrail only: also read the digest files and check every log file they list (completeness). */
    readDigests: z.boolean().default(true),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.layout === "pattern" && !value.pattern)
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "pattern: required for layout pattern" });
    else if (value.layout === "pattern") {
      const layout = layoutOf(value);
      if (!layout.ok) ctx.addIssue({ code: "custom", path: ["pattern"], message: layout.error });
    }
  });

export const apiInputSchema = z
  .object({
    kind: z.literal("api"),
    name,
    cloud: z.enum(API_CLOUDS, { message: `cloud: one of ${API_CLOUDS.join(", ")}` }),
    region,
    /** The API's endpoint when not the cloud's public one for the region (a VPC endpoint, a local test server). */
    endpoint: endpoint.optional(),
    accessKeyId,
    secretAccessKey: secret,
    pollSeconds: pollSeconds.default(60),
    overlapMinutes: z.number().int().min(0).max(60).default(DEFAULT_OVERLAP_MINUTES),
  })
  .strict();

export const pushInputSchema = z
  .object({
    kind: z.literal("push"),
    name,
    envelope: z.enum(PUSH_ENVELOPES, { message: `envelope: one of ${PUSH_ENVELOPES.join(", ")}` }),
  })
  .strict();

export const connectionInputSchema = z.discriminatedUnion(
  "kind",
  [bucketInputSchema, apiInputSchema, pushInputSchema],
  {
    message: `kind: one of ${CONNECTION_KINDS.join(", ")}`,
  },
);

export type BucketInput = z.output<typeof bucketInputSchema>;
export type ApiInput = z.output<typeof apiInputSchema>;
export type PushInput = z.output<typeof pushInputSchema>;
export type ConnectionInput = z.output<typeof connectionInputSchema>;

/** What is stored in Connection.settings and shown: the input without its secret. */
export type BucketSettings = Omit<BucketInput, "secretAccessKey" | "name">;
export type ApiSettings = Omit<ApiInput, "secretAccessKey" | "name">;
export type PushSettings = Omit<PushInput, "name">;
export type ConnectionSettings = BucketSettings | ApiSettings | PushSettings;

/** Stored encrypted in Connection.secretEncrypted: the cloud key's secret, or the push receiver's secret. */
export interface ConnectionSecrets {
  secretAccessKey?: string;
  pushSecret?: string;
}

export type ParsedConnection = { ok: true; value: ConnectionInput } | { ok: false; error: string };

/** Parses the JSON shape; every problem is named by its field. */
export function parseConnectionInput(input: unknown): ParsedConnection {
  const parsed = connectionInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: parsed.error.issues.map((issue) => messageOf(issue)).join("; ") };
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
  const field = issue.path.join(".");
  // Our own messages start with their field; zod's ("Invalid input: expected number…") do not.
  if (!field || issue.message.startsWith(`${String(issue.path.at(-1))}:`)) return issue.message;
  return `${field}: ${issue.message}`;
}

/** The input split into what is stored in the clear and what is encrypted. */
export function splitSecrets(input: ConnectionInput): {
  name: string;
  kind: ConnectionKind;
  settings: ConnectionSettings;
  secrets: ConnectionSecrets;
} {
  if (input.kind === "push") {
    const { name, ...settings } = input;
    return { name, kind: "push", settings, secrets: {} };
  }
  const { name, secretAccessKey, ...settings } = input;
  return { name, kind: input.kind, settings, secrets: { secretAccessKey } };
}

/** Reads Connection.settings back; throws on a row this code did not write. */
export function settingsOf(kind: string, stored: string): ConnectionSettings {
  const value = JSON.parse(stored) as ConnectionSettings & { kind?: string };
  if (value.kind !== kind) throw new Error(`connection settings of kind ${String(value.kind)}, expected ${kind}`);
  return value;
}
