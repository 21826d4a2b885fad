"use client";
// The fields of one kind of connection, named as the JSON shape names them (the command line and the API send the
// same shape). Used by "Add connection" and by a connection's "Edit". A secret field is never filled in: on an
// edit, left empty it keeps the stored secret. Selects that show or hide fields are controlled; every other field
// takes its default from `values` (what a refused form sent back, or the stored settings).
import { useState } from "react";
import { CheckboxField, Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/actions/action-state";
import { API_CLOUD_LABELS, ENVELOPE_LABELS, LAYOUT_PRESETS } from "@/lib/domain/connections/connection-form";
import { API_CLOUDS, PUSH_ENVELOPES } from "@/lib/domain/connections/settings";

export function ConnectionFields({
  kind,
  state,
  values,
  editing = false,
}: {
  kind: string;
  state: ActionState<unknown>;
  values: Record<string, string>;
  editing?: boolean;
}) {
  const [layout, setLayout] = useState(values.layout || "aws-cloudtrail");
  const preset = LAYOUT_PRESETS.find((p) => p.value === layout);
  const input = (name: string, label: string, hint?: string, type = "text") => (
    <Field state={state} name={name} label={label} hint={hint} type={type} defaultValue={values[name] ?? ""} />
  );
  const secret = (
    <Field
      state={state}
      name="secretAccessKey"
      label="AccessKey secret"
      hint={
        editing ? "Left empty, the stored secret is kept. Never shown again." : "Stored encrypted, never shown again."
      }
      type="password"
      autoComplete="new-password"
      defaultValue=""
    />
  );
  const checkbox = (name: string, label: string, hint: string | undefined, checked: boolean) => (
    <CheckboxField
      state={state}
      name={name}
      label={label}
      hint={hint}
      key={`${name}-${String(checked)}`}
      defaultChecked={checked}
    />
  );

  if (kind === "bucket")
    return (
      <>
        <Field state={state} name="layout" label="Layout" hint={preset ? `Keys: ${preset.path}` : undefined}>
          {(control) => (
            <select {...control} value={layout} onChange={(e) => setLayout(e.target.value)}>
              {LAYOUT_PRESETS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {layout === "pattern" &&
          input(
            "pattern",
            "Key pattern",
            "Where the files are, with placeholders for the date parts (see README, Connecting your clouds)",
          )}
        {input(
          "endpoint",
          "Endpoint",
          "The store's S3 endpoint: https://s3.us-east-1.amazonaws.com, https://oss-cn-hangzhou.aliyuncs.com, https://cos.ap-guangzhou.myqcloud.com, https://s3.bj.bcebos.com",
          "url",
        )}
        {input("region", "Region", "us-east-1, cn-hangzhou, ap-guangzhou, bj…")}
        {input("bucket", "Bucket")}
        {input("prefix", "Prefix", "The trail's prefix inside the bucket; empty when it has none")}
        {input("accessKeyId", "AccessKey ID", "A read-only key: list and get on this bucket")}
        {secret}
        {checkbox(
          "pathStyle",
          "Path-style addressing (endpoint/bucket/key)",
          "For MinIO and other private stores that need it",
          values.pathStyle === "on" || values.pathStyle === "true",
        )}
        {layout === "aws-cloudtrail" &&
          checkbox(
            "readDigests",
            "Read the digest files and check completeness",
            undefined,
            values.readDigests === undefined || values.readDigests === "on" || values.readDigests === "true",
          )}
        {input("pollSeconds", "Poll every (seconds)", "5 or more; 60 when empty", "number")}
      </>
    );

  if (kind === "api")
    return (
      <>
        <Field state={state} name="cloud" label="Cloud">
          {(control) => (
            <select {...control} key={`cloud-${values.cloud ?? ""}`} defaultValue={values.cloud || "aws"}>
              {API_CLOUDS.map((cloud) => (
                <option key={cloud} value={cloud}>
                  {API_CLOUD_LABELS[cloud]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input("region", "Region", "us-east-1, cn-hangzhou, ap-guangzhou…")}
        {input("endpoint", "Endpoint (optional)", "Only when not the cloud's public endpoint for the region", "url")}
        {input("accessKeyId", "AccessKey ID", "A read-only key allowed to look up events")}
        {secret}
        {input("pollSeconds", "Poll every (seconds)", "5 or more; 60 when empty", "number")}
        {input(
          "overlapMinutes",
          "Overlap (minutes)",
          "Each poll reads this window again for late events; 15 when empty",
          "number",
        )}
      </>
    );

  if (kind === "push")
    return (
      <Field state={state} name="envelope" label="Envelope">
        {(control) => (
          <select
            {...control}
            key={`envelope-${values.envelope ?? ""}`}
            defaultValue={values.envelope || "eventbridge"}
          >
            {PUSH_ENVELOPES.map((envelope) => (
              <option key={envelope} value={envelope}>
                {ENVELOPE_LABELS[envelope]}
              </option>
            ))}
          </select>
        )}
      </Field>
    );

  return null;
}
