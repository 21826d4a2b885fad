"use client";
// The upload goes to POST /api/v1/imports (not a server action: actions take small bodies only), sent with
// XMLHttpRequest because fetch cannot report upload progress.
import { useState, type FormEvent } from "react";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-status";

interface Answer {
  lines?: string[];
  ok?: boolean;
  error?: string;
}

type State =
  | { phase: "idle" }
  | { phase: "uploading"; percent: number }
  | { phase: "importing" }
  | { phase: "done"; lines: string[]; ok: boolean }
  | { phase: "failed"; error: string };

function upload(
  files: File[],
  onPercent: (percent: number) => void,
  onUploaded: () => void,
): Promise<{ status: number; answer: Answer | null }> {
  return new Promise((resolve) => {
    const body = new FormData();
    for (const file of files) body.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/imports");
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onPercent(Math.floor((event.loaded / event.total) * 100));
    };
    request.upload.onload = onUploaded;
    request.onload = () => resolve({ status: request.status, answer: (request.response as Answer | null) ?? null });
    // The server may refuse and close the connection before the whole body was sent.
    request.onerror = () => resolve({ status: 0, answer: null });
    request.send(body);
  });
}

export function ImportForm({ maxFiles, maxMegabytes }: { maxFiles: number; maxMegabytes: number }) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const busy = state.phase === "uploading" || state.phase === "importing";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("files") as HTMLInputElement;
    const files = Array.from(input.files ?? []).filter((f) => f.size > 0);
    // The server enforces the same limits; checking here first saves sending a body it would refuse.
    if (files.length === 0) return setState({ phase: "failed", error: "Choose one or more log files to import." });
    if (files.length > maxFiles) return setState({ phase: "failed", error: `At most ${maxFiles} files at once.` });
    if (files.reduce((sum, f) => sum + f.size, 0) > maxMegabytes * 1024 * 1024) {
      return setState({
        phase: "failed",
        error: `The files add up to more than ${maxMegabytes} MB: import larger sets with npm run import.`,
      });
    }
    setState({ phase: "uploading", percent: 0 });
    const { status, answer } = await upload(
      files,
      (percent) => setState({ phase: "uploading", percent }),
      () => setState({ phase: "importing" }),
    );
    if (status === 200 && answer?.lines) setState({ phase: "done", lines: answer.lines, ok: answer.ok === true });
    else
      setState({
        phase: "failed",
        error:
          answer?.error ??
          (status === 0
            ? "The upload was interrupted or refused by the server."
            : `The import failed (HTTP ${status}).`),
      });
  }

  return (
    <form onSubmit={submit} className="form">
      <Field
        id="import-files"
        name="files"
        label="Log files"
        hint={`.json, .json.gz, .jsonl, .ndjson; up to ${maxFiles} files and ${maxMegabytes} MB at once (larger sets: npm run import).`}
        type="file"
        multiple
        accept=".json,.gz,.jsonl,.ndjson"
        required
      />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
      </div>
      {state.phase === "uploading" && (
        <p className="muted">
          <progress aria-label="Upload progress" max={100} value={state.percent} /> Uploading: {state.percent}%
        </p>
      )}
      {state.phase === "importing" && (
        <p className="muted" role="status">
          Uploaded: importing the events…
        </p>
      )}
      {state.phase === "failed" && <FormError>{state.error}</FormError>}
      {state.phase === "done" && (
        <output className={state.ok ? "import-summary" : "import-summary has-rejections"} aria-label="Import summary">
          {state.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </output>
      )}
    </form>
  );
}
