"use client";
// A push receiver's URL, header and secret, shown once: after a connection is added or its secret rotated. The
// secret lives only in the form's answer until "Done"; the page never shows it again.
import { CopyButton } from "@/components/ui/copy-button";

export function PushSecretOnce({
  title,
  push,
  onDone,
}: {
  title: string;
  push: { url: string; header: string; secret: string };
  onDone: () => void;
}) {
  return (
    <section className="secret-once" aria-label={title}>
      <h3>{title}</h3>
      <p>
        This is the only time the secret is shown: copy it now into the event bus&apos;s target (an API
        destination&apos;s API-key header, or the HTTP target&apos;s header). It cannot be shown again; if it is lost,
        rotate it.
      </p>
      <dl className="details">
        <dt>URL</dt>
        <dd>
          <code data-testid="push-url">{push.url}</code> <CopyButton text={push.url} label="Copy URL" />
        </dd>
        <dt>Header</dt>
        <dd>
          <code data-testid="push-header">{push.header}</code> <CopyButton text={push.header} label="Copy header" />
        </dd>
        <dt>Secret</dt>
        <dd>
          <code data-testid="push-secret">{push.secret}</code> <CopyButton text={push.secret} label="Copy secret" />
        </dd>
      </dl>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          Done: I have stored the secret
        </button>
      </div>
    </section>
  );
}
