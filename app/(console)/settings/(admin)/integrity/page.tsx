// Tamper evidence for administrators: the digest signing key's public part and fingerprint (with a warning while
// key or digests share the database's folder), where the digests are, each chain's length against its newest
// signed digest, and the buttons to verify now or write a digest now.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { digestDir, digestKeys, publicKeyFingerprint } from "@/lib/integrity/digest-key";
import { keyPlacement } from "@/lib/integrity/key-placement";
import { readDigests } from "@/lib/integrity/digests";
import { countDigestDeliveringSets, listChainHeads } from "@/lib/queries/chain-heads";
import { ChainsTable } from "./chains-columns";
import { IntegrityActions } from "./integrity-actions";

export const metadata: Metadata = { title: "Event integrity" };

export default async function IntegrityPage() {
  await requireSection("settings");
  const keys = digestKeys();
  const dir = digestDir();
  const placement = keyPlacement();
  const digestSets = await countDigestDeliveringSets(getDatabase());
  const heads = await listChainHeads(getDatabase());
  const newest = new Map<string, { to: string; count: number; valid: boolean }>();
  for (const d of readDigests(dir, keys.publicKey)) {
    const current = newest.get(d.chainKey);
    if (!current || current.to < d.to) newest.set(d.chainKey, { to: d.to, count: d.count, valid: d.signatureValid });
  }
  return (
    <>
      <PageHeader
        title="Event integrity"
        description="Every stored event is hash-chained to the one before it in its account; signed digests outside the database record each chain every hour."
      />
      {placement.warnings.length > 0 && (
        <section className="panel" aria-labelledby="integrity-placement">
          <h2 id="integrity-placement">The signing key sits beside the database</h2>
          <ul aria-label="Key placement warnings" className="form-error">
            {placement.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <p className="muted">
            {digestSets > 0
              ? `${digestSets} tracking set${digestSets === 1 ? "" : "s"} deliver${digestSets === 1 ? "s" : ""} a copy of each digest.`
              : "No tracking set delivers the digests yet: tick \u201cAlso deliver the signed digests\u201d on a tracking set."}{" "}
            Pin the fingerprint below and check with <code>npm run verify -- --public-key FILE</code>.
          </p>
        </section>
      )}
      <section className="panel" aria-labelledby="integrity-chains">
        <h2 id="integrity-chains">Chains</h2>
        <ChainsTable
          rows={heads.map((head) => {
            const digest = newest.get(head.chainKey);
            return {
              chainKey: head.chainKey,
              account: head.chainKey || "(no account)",
              length: formatCount(head.length),
              digestTo: digest?.to ?? null,
              digestValid: digest?.valid ?? true,
              digestCount: digest ? formatCount(digest.count) : "—",
            };
          })}
        />
      </section>
      <IntegrityActions />
      <section className="panel" aria-labelledby="integrity-key">
        <h2 id="integrity-key">Digest signing key</h2>
        <p>
          Digests are written to <code>{dir}</code> and signed with Ed25519. Check them with this public key (also in{" "}
          <code>public-key.pem</code> beside them), or run <code>npm run verify</code>.
        </p>
        <p>
          SHA-256 fingerprint (of the key&apos;s SPKI DER):{" "}
          <code aria-label="Public key fingerprint">{publicKeyFingerprint(keys.publicKey)}</code>
        </p>
        <pre aria-label="Public key">{keys.publicPem}</pre>
      </section>
    </>
  );
}
