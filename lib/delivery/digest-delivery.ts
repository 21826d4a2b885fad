// Delivering a signed digest file (lib/integrity/digests.ts) through a tracking set's destination, so a copy
// lives where the database's writers cannot change it:
//  - directory: `<root>/digests/<the digest's own relative path>`, the exact bytes, written to a temp file and
//    renamed (the temp name is the one removeStaleTempFiles clears);
//  - webhook: one POST, signed and retried as batches are, body {"trackingSet","digestFile","digest"} where
//    digest is the file's JSON (its Ed25519 signature inside);
//  - syslog carries events only: a set with a syslog destination cannot deliver digests.
// Plain TypeScript: no database, no Next.js.
import { randomBytes } from "node:crypto";
import { mkdir, open, rename } from "node:fs/promises";
import path from "node:path";
import type { DeliverOptions, DeliveryResult, Destination } from "./destination";
import { deliverWebhook } from "./webhook-destination";

export const DIGEST_FOLDER = "digests";

/** Destinations that can take a digest. */
export const digestDeliverable = (kind: Destination["kind"]) => kind === "directory" || kind === "webhook";

export async function deliverDigest(
  destination: Destination,
  setName: string,
  file: string,
  text: string,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  if (file.split("/").some((part) => part === ".." || part === "" || part.includes("\0")))
    return { ok: false, error: `invalid digest file name ${file}`, permanent: true };
  switch (destination.kind) {
    case "directory": {
      const target = path.join(path.resolve(destination.path), DIGEST_FOLDER, ...file.split("/"));
      try {
        await mkdir(path.dirname(target), { recursive: true });
        const temp = path.join(
          path.dirname(target),
          `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`,
        );
        const handle = await open(temp, "wx");
        try {
          await handle.writeFile(text, "utf8");
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
        return { ok: true, detail: `wrote ${file} under ${path.join(destination.path, DIGEST_FOLDER)}` };
      } catch (error) {
        return {
          ok: false,
          error: `could not write digest ${file} to ${destination.path}: ${(error as Error).message}`,
          permanent: false,
        };
      }
    }
    case "webhook": {
      const body = JSON.stringify({ trackingSet: setName, digestFile: file, digest: JSON.parse(text) as unknown });
      const result = await deliverWebhook(destination, body, options.webhook);
      return result.ok
        ? { ok: true, detail: `delivered digest ${file}` }
        : { ok: false, error: `digest ${file}: ${result.error}`, permanent: result.permanent };
    }
    case "syslog":
      return { ok: false, error: "a syslog destination cannot take digests", permanent: true };
  }
}
