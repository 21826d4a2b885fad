// A stored connection as the connectors and the push receiver use it: settings parsed, secrets decrypted with
// the console's key (bound to the row: secretContext.connection), positions parsed. Nothing here is ever shown.
import { encryptionKey } from "@/lib/config/local-secrets";
import { decryptSecret, encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { settingsOf, type ConnectionKind, type ConnectionSecrets } from "@/lib/domain/connections/settings";
import type { LoadedConnection } from "./connector";
import { parseBackfill } from "./progress";

export interface StoredConnectionRow {
  id: number;
  name: string;
  kind: string;
  settings: string;
  secretEncrypted: string | null;
  position: string;
  backfill: string | null;
}

export function loadedFrom(row: StoredConnectionRow, key: Buffer = encryptionKey()): LoadedConnection {
  const secrets: ConnectionSecrets = row.secretEncrypted
    ? (JSON.parse(decryptSecret(row.secretEncrypted, key, secretContext.connection(row.id))) as ConnectionSecrets)
    : {};
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ConnectionKind,
    settings: settingsOf(row.kind, row.settings),
    secrets,
    position: JSON.parse(row.position) as Record<string, unknown>,
    backfill: parseBackfill(row.backfill),
  };
}

export async function loadConnection({ db }: Database, id: number): Promise<LoadedConnection | null> {
  const row = await db.connection.findUnique({ where: { id } });
  return row ? loadedFrom(row) : null;
}

export function encryptedSecrets(connectionId: number, secrets: ConnectionSecrets, key: Buffer = encryptionKey()) {
  return encryptSecret(JSON.stringify(secrets), key, secretContext.connection(connectionId));
}
