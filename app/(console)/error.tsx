"use client";
// A page of the console failed to render: say so, offer a retry, keep the shell usable.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel error-panel" role="alert">
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Nothing was changed.{error.digest ? ` Reference: ${error.digest}.` : ""}</p>
      <button type="button" className="button button-primary" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
