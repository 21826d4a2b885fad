"use server";
// Administrators manage tracking sets from /settings/tracking-sets, through the action door (./client.ts):
// create one, turn it on or off, delete it, retry a dead letter now, and start a historical delivery. Each
// change, and each refusal, is recorded as an event.
import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import type { Destination } from "@/lib/delivery/destination";
import { parseTrackingFilter } from "@/lib/domain/tracking/filter";
import { retryDeadLetter } from "@/lib/tracking/deliver-sets";
import { createTrackingSet } from "@/lib/tracking/tracking-sets";
import { ActionError, defineAction } from "./client";
import { flag, id, list, textFields } from "./fields";

const PATH = "/settings/tracking-sets";
const RESOURCE = "ACS::Keytrail::TrackingSet";
const invalid = (message: string) => new ActionError(message, { code: "ValidationError" });

function destinationFrom(values: Record<string, string>): Destination {
  switch (values.kind) {
    case "directory":
      return { kind: "directory", path: (values.path ?? "").trim() };
    case "webhook":
      if ((values.secret ?? "").length < 16) throw invalid("The webhook signing secret must be 16 characters or more.");
      return { kind: "webhook", url: (values.url ?? "").trim(), secret: values.secret };
    case "syslog": {
      const port = Number(values.port);
      return { kind: "syslog", host: (values.host ?? "").trim(), port: Number.isInteger(port) ? port : NaN };
    }
    default:
      throw invalid("Choose a destination: directory, webhook or syslog.");
  }
}

async function setOf(database: Database, setId: number) {
  const set = await database.db.trackingSet.findUnique({ where: { id: setId } });
  if (!set) throw new ActionError("No such tracking set.", { code: "NoSuchTrackingSet" });
  return set;
}

export const createTrackingSetAction = defineAction({
  name: "CreateTrackingSet",
  permission: "manageSettings",
  input: z.preprocess(
    (raw) => ({ values: raw, groupIds: (raw as Record<string, unknown>).groupIds }),
    z.object({ values: textFields, groupIds: list }),
  ),
  lists: ["groupIds"],
  // Turning a set on or off, or making one, is about the audit trail's way out: sensitive.
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input }) => {
    const { values } = input;
    const groupIds = input.groupIds.map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const filter = parseTrackingFilter(values, groupIds);
    if (!filter.ok) throw invalid(filter.error);
    const destination = destinationFrom(values);
    const name = (values.name ?? "").trim();
    const created = await createTrackingSet(database, {
      name: values.name ?? "",
      filter: filter.filter,
      destination,
      deliverDigests: values.deliverDigests === "on",
    });
    if (!created.ok) throw invalid(created.error);
    return {
      message: `Tracking set "${name}" created: it delivers events stored from now on.`,
      event: {
        resources: [{ type: RESOURCE, name }],
        requestParameters: {
          Name: name,
          Filter: filter.filter,
          Destination: { ...destination, ...("secret" in destination ? { secret: "(hidden)" } : {}) },
        },
      },
    };
  },
});

export const setTrackingSetEnabledAction = defineAction({
  name: (raw) => (raw.enabled === "true" || raw.enabled === true ? "StartTrackingSet" : "StopTrackingSet"),
  permission: "manageSettings",
  input: z.object({ setId: id("No such tracking set."), enabled: flag }),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input }) => {
    const set = await setOf(database, input.setId);
    await database.db.trackingSet.update({ where: { id: set.id }, data: { enabled: input.enabled } });
    return { event: { resources: [{ type: RESOURCE, name: set.name }] } };
  },
});

export const deleteTrackingSetAction = defineAction({
  name: "DeleteTrackingSet",
  permission: "manageSettings",
  input: z.object({ setId: id("No such tracking set.") }),
  audit: { sensitive: true },
  revalidate: [PATH],
  run: async ({ database, input }) => {
    const set = await setOf(database, input.setId);
    await database.db.trackingSet.delete({ where: { id: set.id } });
    return { event: { resources: [{ type: RESOURCE, name: set.name }] } };
  },
});

export const retryDeadLetterAction = defineAction({
  name: "RetryDeadLetter",
  permission: "manageSettings",
  input: z.object({ deadLetterId: id("No such batch.") }),
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input: { deadLetterId } }) => {
    const result = await retryDeadLetter(database, deadLetterId);
    if (!result.ok)
      throw new ActionError(`Still not delivered: ${result.error}`, {
        code: "DeliveryFailed",
        event: { requestParameters: { DeadLetterId: deadLetterId } },
      });
    return {
      message: `Delivered.${result.error ? ` ${result.error}` : ""}`,
      event: { requestParameters: { DeadLetterId: deadLetterId } },
    };
  },
});

const DATES = "From and to: dates, e.g. 2026-08-01.";
const date = z.preprocess(
  (v) => new Date(typeof v === "string" ? v : ""),
  z.date(DATES).refine((d) => !Number.isNaN(d.getTime()), DATES),
);

export const startHistoricalDeliveryAction = defineAction({
  name: "StartHistoricalDelivery",
  permission: "manageSettings",
  input: z
    .object({ setId: id("No such tracking set."), from: date, to: date })
    .refine((v) => v.from < v.to, { message: "From must be before to.", path: ["from"] }),
  audit: {},
  revalidate: [PATH],
  run: async ({ database, input: { setId, from, to } }) => {
    const set = await setOf(database, setId);
    if (
      await database.db.historicalDelivery.findFirst({
        where: { trackingSetId: set.id, state: { in: ["Pending", "Running"] } },
      })
    ) {
      throw new ActionError("This set already has a historical delivery under way.", { code: "DeliveryUnderWay" });
    }
    await database.db.historicalDelivery.create({
      data: { trackingSetId: set.id, fromTime: from, toTime: to, state: "Pending" },
    });
    return {
      message: `Historical delivery of ${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)} started.`,
      event: {
        resources: [{ type: RESOURCE, name: set.name }],
        requestParameters: { From: from.toISOString(), To: to.toISOString() },
      },
    };
  },
});
