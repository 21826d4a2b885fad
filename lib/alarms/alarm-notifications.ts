// Notifications beyond the Message center, sent after the alarm is committed: a signed webhook per policy and
// email over SMTP when KEYTRAIL_SMTP_URL is set. A failure is recorded on the alarm (shown on its page), never
// thrown: the alarm itself stands.
import nodemailer from "nodemailer";
import type { Database } from "@/lib/db/client";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { encryptionKey } from "@/lib/config/local-secrets";
import type { NormalisedEvent } from "@/lib/domain/event";
import { toOwnShape } from "@/lib/domain/event";
import { deliverWebhook } from "@/lib/delivery/webhook-destination";
import { alarmSummary } from "./alarm-messages";
import type { RaisedAlarm } from "./raise-alarms";

export function smtpConfigured(env = process.env): boolean {
  return !!env.KEYTRAIL_SMTP_URL;
}

function smtpSettings(env = process.env) {
  return env.KEYTRAIL_SMTP_URL
    ? { url: env.KEYTRAIL_SMTP_URL, from: env.KEYTRAIL_SMTP_FROM ?? "keytrail@localhost" }
    : null;
}

export function alarmPayload(alarm: RaisedAlarm, byId: Map<string, NormalisedEvent>) {
  return {
    alarmId: alarm.alarmId,
    policy: alarm.policy.name,
    severity: alarm.policy.definition.severity,
    summary: alarmSummary(alarm, byId),
    groupKey: alarm.groupKey,
    eventIds: alarm.eventIds,
    events: alarm.eventIds.slice(0, 100).flatMap((id) => (byId.has(id) ? [toOwnShape(byId.get(id)!)] : [])),
  };
}

const pending = new Set<Promise<void>>();

/** Send in the background: a slow or failing webhook (10 s timeouts, retries) must not hold up the evaluation of
 *  the next events. Failures are recorded on the alarm. */
export function queueAlarmNotifications(
  database: Database,
  alarms: RaisedAlarm[],
  byId: Map<string, NormalisedEvent>,
): void {
  if (!alarms.some((a) => a.isNew && (a.policy.webhookUrl || a.policy.emailTo))) return;
  const sending = sendAlarmNotifications(database, alarms, byId)
    .catch((error) => console.error(`Keytrail: sending alarm notifications failed: ${(error as Error).message}`))
    .finally(() => pending.delete(sending));
  pending.add(sending);
}

/** Wait for every queued notification (tests; a graceful shutdown). */
export async function notificationsSettled(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

export async function sendAlarmNotifications(
  database: Database,
  alarms: RaisedAlarm[],
  byId: Map<string, NormalisedEvent>,
): Promise<void> {
  const smtp = smtpSettings();
  for (const alarm of alarms) {
    if (!alarm.isNew) continue;
    const errors: string[] = [];
    const { webhookUrl, webhookSecretEncrypted, emailTo } = alarm.policy;
    if (webhookUrl) {
      const secret = webhookSecretEncrypted
        ? decryptSecret(webhookSecretEncrypted, encryptionKey(), secretContext.alarmWebhook(alarm.policy.id))
        : "";
      const result = await deliverWebhook({ url: webhookUrl, secret }, JSON.stringify(alarmPayload(alarm, byId)), {
        attempts: 3,
      });
      if (!result.ok) errors.push(`webhook: ${result.error}`);
    }
    if (emailTo && smtp) {
      try {
        await nodemailer.createTransport(smtp.url).sendMail({
          from: smtp.from,
          to: emailTo,
          subject: `[Keytrail ${alarm.policy.definition.severity}] ${alarm.policy.name}`,
          text: `${alarmSummary(alarm, byId)}\n\nEvents: ${alarm.eventIds.slice(0, 20).join(", ")}${alarm.eventIds.length > 20 ? ", …" : ""}\n`,
        });
      } catch (error) {
        errors.push(`email: ${(error as Error).message}`);
      }
    }
    if (errors.length)
      await database.db.alarm.update({
        where: { id: alarm.alarmId },
        data: { notifyError: errors.join("; ").slice(0, 1000) },
      });
  }
}
