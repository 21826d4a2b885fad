"use client";
import { useActionState } from "react";
import { importLogFilesAction, type ImportState } from "@/lib/actions/import-log-files-action";

const initialState: ImportState = { lines: [], error: null, ok: false };

export function ImportForm({ maxFiles, maxMegabytes }: { maxFiles: number; maxMegabytes: number }) {
  const [state, formAction, pending] = useActionState(importLogFilesAction, initialState);
  return (
    <form action={formAction} className="form">
      <div className="field">
        <label htmlFor="import-files">Log files</label>
        <input id="import-files" name="files" type="file" multiple accept=".json,.gz,.jsonl,.ndjson" required />
        <span className="muted">
          .json, .json.gz, .jsonl, .ndjson; up to {maxFiles} files and {maxMegabytes} MB at once (larger sets: npm run import).
        </span>
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Importing…" : "Import"}
        </button>
      </div>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      {state.lines.length > 0 && (
        <output className={state.ok ? "import-summary" : "import-summary has-rejections"} aria-label="Import summary">
          {state.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </output>
      )}
    </form>
  );
}
