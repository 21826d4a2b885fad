// The Message center side of a connection's health: one message to every administrator when a connection starts
// failing, and one when it recovers, never one per failed run (a connection failing every minute for a day would
// otherwise bury every other message).
import type { Db } from "@/lib/db/client";
import { errorKindInWords } from "./manage-connections";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Administrators are the ones who can fix a connection (auditors may only read its state). */
export const CONNECTION_MESSAGE_ROLES = ["Administrator"];

async function messageAdministrators(tx: Tx | Db, title: string, body: string, severity: string): Promise<void> {
  const recipients = await tx.user.findMany({
    where: { consoleRole: { in: CONNECTION_MESSAGE_ROLES }, deletedAt: null, consoleAccess: true },
    select: { id: true },
  });
  if (recipients.length === 0) return;
  await tx.message.createMany({ data: recipients.map((user) => ({ userId: user.id, title, body, severity })) });
}

export function messageConnectionFailing(
  tx: Tx | Db,
  connection: { name: string },
  error: { kind: string; message: string },
  since: Date,
): Promise<void> {
  return messageAdministrators(
    tx,
    `Connection ${connection.name} is failing`,
    `${errorKindInWords(error.kind)}: ${error.message} (since ${since.toISOString()}). ` +
      `Keytrail keeps retrying; open Settings → Connections to fix or pause it.`,
    "high",
  );
}

export function messageConnectionRecovered(
  tx: Tx | Db,
  connection: { name: string },
  failingSince: Date | null,
  at: Date,
): Promise<void> {
  const since = failingSince ? ` after failing since ${failingSince.toISOString()}` : "";
  return messageAdministrators(
    tx,
    `Connection ${connection.name} has recovered`,
    `It ran successfully at ${at.toISOString()}${since}.`,
    "low",
  );
}
