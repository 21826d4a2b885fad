// One TOTP code serves once: the user's newest accepted time step (User.lastTotpStep) only moves forward, by a
// conditional update, so of two requests carrying the same code (or an older one) only the first is accepted.
import "server-only";
import type { Database } from "@/lib/db/client";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { totpStep } from "./identity-verification";

/** Marks the step used; false when it (or a later one) was used already. */
export async function claimTotpStep({ db }: Database, userId: number, step: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ lastTotpStep: null }, { lastTotpStep: { lt: step } }] },
    data: { lastTotpStep: step },
  });
  return count === 1;
}

/** Checks the code against the user's encrypted secret and claims its step: true only for a fresh, valid code. */
export async function acceptTotp(
  database: Database,
  userId: number,
  encryptedSecret: string,
  code: string,
  key: Buffer,
  now: Date,
): Promise<boolean> {
  const step = totpStep(decryptSecret(encryptedSecret, key, secretContext.userMfa(userId)), code.trim(), now);
  return step !== null && (await claimTotpStep(database, userId, step));
}
