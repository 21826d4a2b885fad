"use server";
// Administrators manage alarm policies from /settings/alarms: write one, import Sigma rules, turn one on or off,
// set its notifications, delete one (not a built-in), and run one over past events. Each change is recorded.
import { revalidatePath } from "next/cache";
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { getDatabase } from "@/lib/db/client";
import { HistoryRunError, MAX_HISTORY_DAYS, runPolicyOverHistory } from "@/lib/alarms/history-run";
import { importSigmaRules, type SigmaImportOutcome } from "@/lib/alarms/sigma-import";
import { parsePolicyForm } from "@/lib/domain/alarms/policy-form";
import { parseNotifications } from "@/lib/domain/alarms/notifications";
import { formatCount } from "@/lib/domain/format";
import { recordUserOperation } from "@/lib/events/record-user-operation";

const PATH = "/settings/alarms";

async function administrator() {
  const user = await currentUser();
  return user && canOpen(user.role, "settings") ? user : null;
}

const REFUSED = "Only administrators may do this.";

export interface PolicyFormState {
  error: string | null;
  message: string | null;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && !key.startsWith("$")) values[key] = value;
  return values;
}

export async function createPolicyAction(_state: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, message: null };
  const values = formValues(formData);
  const parsed = parsePolicyForm(values);
  const notify = parseNotifications(values);
  if (!parsed.ok || !notify.ok) {
    return { error: "The policy was not saved: correct the fields marked below.", message: null, values, errors: { ...(parsed.ok ? {} : parsed.errors), ...(notify.ok ? {} : notify.errors) } };
  }
  const { definition } = parsed;
  if (notify.value.webhookUrl && !notify.value.webhookSecret) {
    return { error: "The policy was not saved: correct the fields marked below.", message: null, values, errors: { webhookSecret: "A webhook needs a signing secret (16 characters or more)." } };
  }
  const policy = await getDatabase().db.alarmPolicy.create({
    data: {
      name: definition.name, description: definition.description, severity: definition.severity, source: "custom",
      condition: JSON.stringify(definition.condition),
      thresholdCount: definition.threshold?.count ?? null,
      thresholdWindowMinutes: definition.threshold?.windowMinutes ?? null,
      thresholdPer: definition.threshold?.per ?? null,
      notifyConsole: notify.value.notifyConsole,
      webhookUrl: notify.value.webhookUrl,
      emailTo: notify.value.emailTo,
    },
  });
  if (notify.value.webhookSecret) await getDatabase().db.alarmPolicy.update({ where: { id: policy.id }, data: { webhookSecretEncrypted: encryptSecret(notify.value.webhookSecret, encryptionKey(), secretContext.alarmWebhook(policy.id)) } });
  await recordUserOperation(user, {
    eventName: "CreateAlarmPolicy", readOnly: false,
    resources: [{ type: "ACS::Keytrail::AlarmPolicy", name: definition.name }],
    requestParameters: { PolicyId: policy.id, Name: definition.name, Condition: definition.condition, Threshold: definition.threshold },
  });
  revalidatePath(PATH);
  return { error: null, message: `Policy "${definition.name}" created and on.` };
}

export interface SigmaImportState {
  error: string | null;
  outcomes: SigmaImportOutcome[];
}

export async function importSigmaAction(_state: SigmaImportState, formData: FormData): Promise<SigmaImportState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, outcomes: [] };
  const texts: { name: string; text: string }[] = [];
  for (const file of formData.getAll("files")) {
    if (typeof file === "string" || file.size === 0) continue;
    texts.push({ name: file.name, text: await file.text() });
  }
  const pasted = String(formData.get("yaml") ?? "").trim();
  if (pasted) texts.push({ name: "pasted rule", text: pasted });
  if (texts.length === 0) return { error: "Choose Sigma rule files (.yml) or paste a rule.", outcomes: [] };
  const outcomes = await importSigmaRules(getDatabase(), texts);
  const imported = outcomes.filter((o) => o.status === "imported");
  if (imported.length) {
    await recordUserOperation(user, {
      eventName: "ImportSigmaRules", readOnly: false,
      resources: imported.map((o) => ({ type: "ACS::Keytrail::AlarmPolicy", name: o.title ?? o.name })),
      responseElements: { Imported: imported.length, Refused: outcomes.length - imported.length },
    });
  }
  revalidatePath(PATH);
  return { error: null, outcomes };
}

async function policyFrom(formData: FormData) {
  const id = Number(formData.get("policyId"));
  if (!Number.isInteger(id) || id <= 0) return null;
  return getDatabase().db.alarmPolicy.findUnique({ where: { id } });
}

export async function setPolicyEnabledAction(formData: FormData): Promise<void> {
  const user = await administrator();
  if (!user) return;
  const policy = await policyFrom(formData);
  if (!policy) return;
  const enabled = formData.get("enabled") === "true";
  await getDatabase().db.alarmPolicy.update({ where: { id: policy.id }, data: { enabled } });
  await recordUserOperation(user, {
    eventName: enabled ? "EnableAlarmPolicy" : "DisableAlarmPolicy", readOnly: false,
    resources: [{ type: "ACS::Keytrail::AlarmPolicy", name: policy.name }],
    requestParameters: { PolicyId: policy.id },
  });
  revalidatePath(PATH);
}

export async function deletePolicyAction(formData: FormData): Promise<void> {
  const user = await administrator();
  if (!user) return;
  const policy = await policyFrom(formData);
  // Built-ins can be turned off, not deleted: they would come back at the next start anyway.
  if (!policy || policy.source === "builtin") return;
  await getDatabase().db.alarmPolicy.delete({ where: { id: policy.id } });
  await recordUserOperation(user, {
    eventName: "DeleteAlarmPolicy", readOnly: false,
    resources: [{ type: "ACS::Keytrail::AlarmPolicy", name: policy.name }],
    requestParameters: { PolicyId: policy.id },
  });
  revalidatePath(PATH);
}

export interface NotifyState {
  error: string | null;
  message: string | null;
  errors?: Record<string, string>;
}

export async function setNotificationsAction(_state: NotifyState, formData: FormData): Promise<NotifyState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, message: null };
  const policy = await policyFrom(formData);
  if (!policy) return { error: "No such policy.", message: null };
  const values = formValues(formData);
  const notify = parseNotifications(values);
  if (!notify.ok) return { error: "Not saved: correct the fields marked below.", message: null, errors: notify.errors };
  const { notifyConsole, webhookUrl, webhookSecret, emailTo } = notify.value;
  await getDatabase().db.alarmPolicy.update({
    where: { id: policy.id },
    data: {
      notifyConsole, webhookUrl, emailTo,
      // An empty secret field keeps the stored one (it is never shown again); no webhook drops it.
      ...(webhookUrl === null ? { webhookSecretEncrypted: null } : webhookSecret ? { webhookSecretEncrypted: encryptSecret(webhookSecret, encryptionKey(), secretContext.alarmWebhook(policy.id)) } : {}),
    },
  });
  await recordUserOperation(user, {
    eventName: "UpdateAlarmPolicyNotifications", readOnly: false,
    resources: [{ type: "ACS::Keytrail::AlarmPolicy", name: policy.name }],
    requestParameters: { PolicyId: policy.id, MessageCenter: notifyConsole, Webhook: webhookUrl, Email: emailTo },
  });
  revalidatePath(PATH);
  return { error: null, message: "Notifications saved." };
}

export interface HistoryRunState {
  error: string | null;
  message: string | null;
  alarmIds?: number[];
}

export async function runPolicyHistoryAction(_state: HistoryRunState, formData: FormData): Promise<HistoryRunState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, message: null };
  const policy = await policyFrom(formData);
  if (!policy) return { error: "No such policy.", message: null };
  const days = Number(formData.get("days"));
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS) return { error: `Days: a whole number from 1 to ${MAX_HISTORY_DAYS}.`, message: null };
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  try {
    const result = await runPolicyOverHistory(getDatabase(), policy.id, from, to);
    await recordUserOperation(user, {
      eventName: "RunAlarmPolicyOverHistory", readOnly: false,
      resources: [{ type: "ACS::Keytrail::AlarmPolicy", name: policy.name }],
      requestParameters: { PolicyId: policy.id, From: from.toISOString(), To: to.toISOString() },
      responseElements: { Scanned: result.scanned, Matched: result.matched, Alarms: result.alarms.length },
    });
    revalidatePath(PATH);
    return {
      error: null,
      message: `"${policy.name}" over the last ${days} day${days === 1 ? "" : "s"}: ${formatCount(result.scanned)} events read, ${formatCount(result.matched)} matched, ${result.alarms.length} alarm${result.alarms.length === 1 ? "" : "s"} raised.`,
      alarmIds: result.alarms.map((a) => a.alarmId),
    };
  } catch (error) {
    if (error instanceof HistoryRunError) return { error: error.message, message: null };
    throw error;
  }
}
