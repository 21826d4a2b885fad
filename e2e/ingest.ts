// Sending events through the signed ingest API (with the team lead's demo AccessKey), and waiting for the server's
// background alarm engine to have looked at everything stored so far (read from the database it uses).
import { expect, type APIRequestContext } from "@playwright/test";
import { signRequest } from "@/lib/api/sign-request";
import { buildDemoDirectory, DEMO_ACCOUNT_ID } from "@/lib/domain/demo";
import { e2eDatabase } from "./database";

export interface OwnShapeEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  [field: string]: unknown;
}

/** An own-shape event of the demo account with the essentials filled in. */
export function ownEvent(fields: Partial<OwnShapeEvent> & { eventId: string; eventName: string }): OwnShapeEvent {
  return {
    eventTime: new Date().toISOString(),
    eventSource: "ecs.aliyuncs.com",
    accountId: DEMO_ACCOUNT_ID,
    userIdentity: { type: "ram-user", userName: "lead" },
    ...fields,
  };
}

/** POST the events, signed; every one must be accepted. */
export async function sendEvents(request: APIRequestContext, baseURL: string, events: OwnShapeEvent[]): Promise<void> {
  const key = buildDemoDirectory(new Date()).accessKeys.find((k) => k.userName === "lead" && k.status === "Active")!;
  const url = `${baseURL}/api/v1/events`;
  const body = JSON.stringify({ events });
  const headers = await signRequest({ url, body, accessKeyId: key.accessKeyId, secret: key.secret });
  const response = await request.post(url, { headers, data: body });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ accepted: events.length, duplicates: 0, rejected: 0 });
}

/** Wait until the live alarm engine's cursor has passed every event stored so far (it polls every 500 ms). */
export async function alarmEngineCaughtUp(): Promise<void> {
  const { db } = e2eDatabase();
  const last = (await db.event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0;
  await expect
    .poll(async () => (await db.streamCursor.findUnique({ where: { name: "alarms" } }))?.position ?? 0, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(last);
}
