"use server";
// Administrators manage tracking sets from /settings/tracking-sets: create one, turn it on or off, delete it,
// retry a dead letter now, and start a historical delivery. Each change is recorded as an event.
import { revalidatePath } from "next/cache";
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import type { Destination } from "@/lib/delivery/destination";
import { parseTrackingFilter } from "@/lib/domain/tracking/filter";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { retryDeadLetter } from "@/lib/tracking/deliver-sets";
import { createTrackingSet } from "@/lib/tracking/tracking-sets";

const PATH = "/settings/tracking-sets";
const REFUSED = "Only administrators may do this.";
const RESOURCE = "ACS::Keytrail::TrackingSet";

async function administrator() {
  const user = await currentUser();
  return user && canOpen(user.role, "settings") ? user : null;
}

export interface TrackingFormState {
  error: string | null;
  message: string | null;
  values?: Record<string, string>;
}

function destinationFrom(values: Record<string, string>): Destination | { error: string } {
  switch (values.kind) {
    case "directory":
      return { kind: "directory", path: (values.path ?? "").trim() };
    case "webhook":
      if ((values.secret ?? "").length < 16) return { error: "The webhook signing secret must be 16 characters or more." };
      return { kind: "webhook", url: (values.url ?? "").trim(), secret: values.secret };
    case "syslog": {
      const port = Number(values.port);
      return { kind: "syslog", host: (values.host ?? "").trim(), port: Number.isInteger(port) ? port : NaN };
    }
    default:
      return { error: "Choose a destination: directory, webhook or syslog." };
  }
}

export async function createTrackingSetAction(_state: TrackingFormState, formData: FormData): Promise<TrackingFormState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, message: null };
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && !key.startsWith("$") && key !== "secret") values[key] = value;
  const secret = String(formData.get("secret") ?? "");
  const groupIds = formData.getAll("groupIds").map(Number).filter((id) => Number.isInteger(id) && id > 0);
  // Every chosen group, for the form to keep after a refusal (the loop above kept only the last).
  values.groupIds = groupIds.join(",");
  const filter = parseTrackingFilter(values, groupIds);
  if (!filter.ok) return { error: filter.error, message: null, values };
  const destination = destinationFrom({ ...values, secret });
  if ("error" in destination) return { error: destination.error, message: null, values };
  const created = await createTrackingSet(getDatabase(), { name: values.name ?? "", filter: filter.filter, destination, deliverDigests: values.deliverDigests === "on" });
  if (!created.ok) return { error: created.error, message: null, values };
  await recordUserOperation(user, {
    eventName: "CreateTrackingSet", readOnly: false, sensitive: true,
    resources: [{ type: RESOURCE, name: values.name.trim() }],
    requestParameters: { Name: values.name.trim(), Filter: filter.filter, Destination: { ...destination, ...("secret" in destination ? { secret: "(hidden)" } : {}) } },
  });
  revalidatePath(PATH);
  return { error: null, message: `Tracking set "${values.name.trim()}" created: it delivers events stored from now on.` };
}

async function setFrom(formData: FormData) {
  const id = Number(formData.get("setId"));
  if (!Number.isInteger(id) || id <= 0) return null;
  return getDatabase().db.trackingSet.findUnique({ where: { id } });
}

export async function setTrackingSetEnabledAction(formData: FormData): Promise<void> {
  const user = await administrator();
  if (!user) return;
  const set = await setFrom(formData);
  if (!set) return;
  const enabled = formData.get("enabled") === "true";
  await getDatabase().db.trackingSet.update({ where: { id: set.id }, data: { enabled } });
  // Turning a set off is turning off part of the audit trail's way out: sensitive.
  await recordUserOperation(user, {
    eventName: enabled ? "StartTrackingSet" : "StopTrackingSet", readOnly: false, sensitive: true,
    resources: [{ type: RESOURCE, name: set.name }],
  });
  revalidatePath(PATH);
}

export async function deleteTrackingSetAction(formData: FormData): Promise<void> {
  const user = await administrator();
  if (!user) return;
  const set = await setFrom(formData);
  if (!set) return;
  await getDatabase().db.trackingSet.delete({ where: { id: set.id } });
  await recordUserOperation(user, { eventName: "DeleteTrackingSet", readOnly: false, sensitive: true, resources: [{ type: RESOURCE, name: set.name }] });
  revalidatePath(PATH);
}

export interface RetryState {
  error: string | null;
  message: string | null;
}

export async function retryDeadLetterAction(_state: RetryState, formData: FormData): Promise<RetryState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, message: null };
  const id = Number(formData.get("deadLetterId"));
  if (!Number.isInteger(id) || id <= 0) return { error: "No such batch.", message: null };
  const result = await retryDeadLetter(getDatabase(), id);
  await recordUserOperation(user, { eventName: "RetryDeadLetter", readOnly: false, requestParameters: { DeadLetterId: id }, errorCode: result.ok ? null : "DeliveryFailed", errorMessage: result.ok ? null : result.error ?? null });
  revalidatePath(PATH);
  return result.ok ? { error: null, message: `Delivered.${result.error ? ` ${result.error}` : ""}` } : { error: `Still not delivered: ${result.error}`, message: null };
}

export async function startHistoricalDeliveryAction(_state: RetryState, formData: FormData): Promise<RetryState> {
  const user = await administrator();
  if (!user) return { error: REFUSED, message: null };
  const set = await setFrom(formData);
  if (!set) return { error: "No such tracking set.", message: null };
  const from = new Date(String(formData.get("from") ?? ""));
  const to = new Date(String(formData.get("to") ?? ""));
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return { error: "From and to: dates, e.g. 2026-08-01.", message: null };
  if (!(from < to)) return { error: "From must be before to.", message: null };
  const db = getDatabase().db;
  if (await db.historicalDelivery.findFirst({ where: { trackingSetId: set.id, state: { in: ["Pending", "Running"] } } })) {
    return { error: "This set already has a historical delivery under way.", message: null };
  }
  await db.historicalDelivery.create({ data: { trackingSetId: set.id, fromTime: from, toTime: to, state: "Pending" } });
  await recordUserOperation(user, {
    eventName: "StartHistoricalDelivery", readOnly: false, resources: [{ type: RESOURCE, name: set.name }],
    requestParameters: { From: from.toISOString(), To: to.toISOString() },
  });
  revalidatePath(PATH);
  return { error: null, message: `Historical delivery of ${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)} started.` };
}
