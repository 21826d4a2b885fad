// Console passwords: argon2id (the @node-rs/argon2 default algorithm) with its default cost parameters.
import { hash, verify } from "@node-rs/argon2";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against this when the user does not exist keeps the response time the same either way,
// so timing does not reveal which user names exist.
const UNKNOWN_USER_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$a2V5dHJhaWwtbm8tdXNlcg$8Ck4bXjV0YQ2zJ9tQbQd2L0G9Ue8wYb7m3Q1r2Xc4sQ";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? UNKNOWN_USER_HASH, password);
    return ok && passwordHash !== null;
  } catch {
    return false;
  }
}
