"use server";
// Administrators manage alarm policies from /settings/alarms, through the action door (./client.ts): write one,
// import Sigma rules, turn one on or off, set its notifications, delete one (not a built-in), and run one over
// past events. Each change, and each refusal, is recorded under the operation's name.
import "server-only";
import { z } from "zod";
import { HistoryRunError, MAX_HISTORY_DAYS, runPolicyOverHistory } from "@/lib/alarms/history-run";
import { importSigmaRules, type SigmaImportOutcome } from "@/lib/alarms/sigma-import";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { parseNotifications } from "@/lib/domain/alarms/notifications";
import { parsePolicyForm } from "@/lib/domain/alarms/policy-form";
import { formatCount } from "@/lib/domain/format";
import { ActionError, defineAction } from "./client";
import { flag, id, textFields } from "./fields";
import { DAY_MS } from "@/lib/domain/time";

const PATH = "/settings/alarms";
const RESOURCE = "ACS::Keytrail::AlarmPolicy";
const NOT_SAVED = "The policy was not saved: correct the fields marked below.";

async function policyOf(database: Database, policyId: number) {
  const policy = await database.db.alarmPolicy.findUnique({ where: { id: policyId } });
  if (!policy) throw new ActionError("No such policy.", { code: "NoSuchPolicy" });
  return policy;
}

export const createPolicyAction = defineAction({
  name: "CreateAlarmPolicy",
  permission: "manageSettings",
  input: textFields,
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input: values }) => {
    const parsed = parsePolicyForm(values);
    const notify = parseNotifications(values);
    if (!parsed.ok || !notify.ok) {
      throw new ActionError(NOT_SAVED, {
        code: "ValidationError",
        fieldErrors: { ...(parsed.ok ? {} : parsed.errors), ...(notify.ok ? {} : notify.errors) },
      });
    }
    const { definition } = parsed;
    if (notify.value.webhookUrl && !notify.value.webhookSecret) {
      throw new ActionError(NOT_SAVED, {
        code: "ValidationError",
        fieldErrors: { webhookSecret: "A webhook needs a signing secret (16 characters or more)." },
      });
    }
    const policy = await database.db.alarmPolicy.create({
      data: {
        name: definition.name,
        description: definition.description,
        severity: definition.severity,
        source: "custom",
        condition: JSON.stringify(definition.condition),
        thresholdCount: definition.threshold?.count ?? null,
        thresholdWindowMinutes: definition.threshold?.windowMinutes ?? null,
        thresholdPer: definition.threshold?.per ?? null,
        notifyConsole: notify.value.notifyConsole,
        webhookUrl: notify.value.webhookUrl,
        emailTo: notify.value.emailTo,
      },
    });
    // The secret's associated data names the policy row, so it is written once the row has its id.
    if (notify.value.webhookSecret) {
      await database.db.alarmPolicy.update({
        where: { id: policy.id },
        data: {
          webhookSecretEncrypted: encryptSecret(
            notify.value.webhookSecret,
            encryptionKey(),
            secretContext.alarmWebhook(policy.id),
          ),
        },
      });
    }
    return {
      message: `Policy "${definition.name}" created and on.`,
      event: {
        resources: [{ type: RESOURCE, name: definition.name }],
        requestParameters: {
          PolicyId: policy.id,
          Name: definition.name,
          Condition: definition.condition,
          Threshold: definition.threshold,
        },
      },
    };
  },
});

export const importSigmaAction = defineAction({
  name: "ImportSigmaRules",
  permission: "manageSettings",
  input: z.object({ yaml: z.string().max(1_000_000).optional() }),
  lists: ["files"],
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input, raw }) => {
    const texts: { name: string; text: string }[] = [];
    for (const file of raw.files as unknown[]) {
      if (!(file instanceof File) || file.size === 0) continue;
      texts.push({ name: file.name, text: await file.text() });
    }
    const pasted = (input.yaml ?? "").trim();
    if (pasted) texts.push({ name: "pasted rule", text: pasted });
    if (texts.length === 0)
      throw new ActionError("Choose Sigma rule files (.yml) or paste a rule.", { code: "ValidationError" });
    const outcomes: SigmaImportOutcome[] = await importSigmaRules(database, texts);
    const imported = outcomes.filter((o) => o.status === "imported");
    return {
      data: outcomes,
      event: imported.length
        ? {
            resources: imported.map((o) => ({ type: RESOURCE, name: o.title ?? o.name })),
            responseElements: { Imported: imported.length, Refused: outcomes.length - imported.length },
          }
        : false,
    };
  },
});

export const setPolicyEnabledAction = defineAction({
  name: (raw) => (raw.enabled === "true" || raw.enabled === true ? "EnableAlarmPolicy" : "DisableAlarmPolicy"),
  permission: "manageSettings",
  input: z.object({ policyId: id("No such policy."), enabled: flag }),
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input }) => {
    const policy = await policyOf(database, input.policyId);
    await database.db.alarmPolicy.update({ where: { id: policy.id }, data: { enabled: input.enabled } });
    return {
      event: { resources: [{ type: RESOURCE, name: policy.name }], requestParameters: { PolicyId: policy.id } },
    };
  },
});

export const deletePolicyAction = defineAction({
  name: "DeleteAlarmPolicy",
  permission: "manageSettings",
  input: z.object({ policyId: id("No such policy.") }),
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input }) => {
    const policy = await policyOf(database, input.policyId);
    // Built-ins can be turned off, not deleted: they would come back at the next start anyway.
    if (policy.source === "builtin")
      throw new ActionError("A built-in policy can be turned off, not deleted.", { code: "BuiltInPolicy" });
    await database.db.alarmPolicy.delete({ where: { id: policy.id } });
    return {
      event: { resources: [{ type: RESOURCE, name: policy.name }], requestParameters: { PolicyId: policy.id } },
    };
  },
});

export const setNotificationsAction = defineAction({
  name: "UpdateAlarmPolicyNotifications",
  permission: "manageSettings",
  input: z.preprocess(
    (raw) => ({ values: raw, policyId: (raw as Record<string, unknown>).policyId }),
    z.object({ policyId: id("No such policy."), values: textFields }),
  ),
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input }) => {
    const policy = await policyOf(database, input.policyId);
    const notify = parseNotifications(input.values);
    if (!notify.ok)
      throw new ActionError("Not saved: correct the fields marked below.", {
        code: "ValidationError",
        fieldErrors: notify.errors,
      });
    const { notifyConsole, webhookUrl, webhookSecret, emailTo } = notify.value;
    await database.db.alarmPolicy.update({
      where: { id: policy.id },
      data: {
        notifyConsole,
        webhookUrl,
        emailTo,
        // An empty secret field keeps the stored one (it is never shown again); no webhook drops it.
        ...(webhookUrl === null
          ? { webhookSecretEncrypted: null }
          : webhookSecret
            ? {
                webhookSecretEncrypted: encryptSecret(
                  webhookSecret,
                  encryptionKey(),
                  secretContext.alarmWebhook(policy.id),
                ),
              }
            : {}),
      },
    });
    return {
      message: "Notifications saved.",
      event: {
        resources: [{ type: RESOURCE, name: policy.name }],
        requestParameters: { PolicyId: policy.id, MessageCenter: notifyConsole, Webhook: webhookUrl, Email: emailTo },
      },
    };
  },
});

const DAYS = `Days: a whole number from 1 to ${MAX_HISTORY_DAYS}.`;

export const runPolicyHistoryAction = defineAction({
  name: "RunAlarmPolicyOverHistory",
  permission: "manageSettings",
  input: z.object({
    policyId: id("No such policy."),
    days: z.coerce.number(DAYS).int(DAYS).min(1, DAYS).max(MAX_HISTORY_DAYS, DAYS),
  }),
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input: { policyId, days } }) => {
    const policy = await policyOf(database, policyId);
    const to = new Date();
    const from = new Date(to.getTime() - days * DAY_MS);
    try {
      const result = await runPolicyOverHistory(database, policy.id, from, to);
      return {
        message: `"${policy.name}" over the last ${days} day${days === 1 ? "" : "s"}: ${formatCount(result.scanned)} events read, ${formatCount(result.matched)} matched, ${result.alarms.length} alarm${result.alarms.length === 1 ? "" : "s"} raised.`,
        data: { alarmIds: result.alarms.map((a) => a.alarmId) },
        event: {
          resources: [{ type: RESOURCE, name: policy.name }],
          requestParameters: { PolicyId: policy.id, From: from.toISOString(), To: to.toISOString() },
          responseElements: { Scanned: result.scanned, Matched: result.matched, Alarms: result.alarms.length },
        },
      };
    } catch (error) {
      if (error instanceof HistoryRunError) throw new ActionError(error.message, { code: "HistoryRunFailed" });
      throw error;
    }
  },
});
