// A client of the signed ingest API whose connection drops, against the running server through a TCP proxy that
// cuts it: once after the server answered (the batch was stored, the answer lost), once halfway through the
// request body (nothing stored). The client retries the same batch: every event ends up stored exactly once.
import http from "node:http";
import net from "node:net";
import { expect, test } from "@playwright/test";
import { signRequest } from "@/lib/api/sign-request";
import { buildDemoDirectory } from "@/lib/domain/demo";
import { e2eDatabase } from "./database";

type Cut = "answer" | "request" | null;

/** One POST over a fresh connection, no automatic retry (fetch would silently retry it on a new one). */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** A proxy to the app; `cut` says how the next connection is broken (then it is reset to null). */
async function startProxy(target: URL) {
  const state: { cut: Cut } = { cut: null };
  const server = net.createServer((client) => {
    const cut = state.cut;
    state.cut = null;
    const upstream = net.connect(Number(target.port), target.hostname);
    let sent = 0;
    client.on("data", (chunk) => {
      if (cut === "request") {
        // Forward the headers and the start of the body only, then drop both sides.
        const room = Math.max(0, 4096 - sent);
        if (room > 0) upstream.write(chunk.subarray(0, room));
        sent += chunk.length;
        if (sent >= 4096) {
          client.destroy();
          upstream.destroy();
        }
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (cut === "answer") {
        // The server has answered: the client never hears it.
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.end());
    upstream.on("close", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    state,
    url: `http://127.0.0.1:${port}/api/v1/events`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test("a batch whose connection drops, retried, is stored exactly once", async ({ baseURL }) => {
  const key = buildDemoDirectory(new Date()).accessKeys.find((k) => k.userName === "lead" && k.status === "Active")!;
  const proxy = await startProxy(new URL(baseURL!));
  const { db } = e2eDatabase();
  try {
    for (const cut of ["answer", "request"] as const) {
      const ids = Array.from({ length: 200 }, (_, i) => `e2e-retry-${cut}-${Date.now()}-${i}`);
      const body = JSON.stringify({
        events: ids.map((eventId) => ({
          eventId,
          eventTime: new Date().toISOString(),
          eventName: "E2eRetryProbe",
          eventSource: "ecs.aliyuncs.com",
          accountId: "1000000000001",
          userIdentity: { userName: "lead", accessKeyId: key.accessKeyId },
          requestParameters: { padding: "p".repeat(200) },
        })),
      });
      const send = async () =>
        post(
          proxy.url,
          await signRequest({ url: proxy.url, body, accessKeyId: key.accessKeyId, secret: key.secret }),
          body,
        );
      proxy.state.cut = cut;
      await expect(send()).rejects.toThrow();
      // What the dropped attempt left: all of the batch (answer lost) or none of it (request cut).
      await expect.poll(() => db.event.count({ where: { eventId: { in: ids } } })).toBe(cut === "answer" ? 200 : 0);

      const retried = await send();
      expect(retried.status).toBe(200);
      expect(JSON.parse(retried.body)).toMatchObject(
        cut === "answer"
          ? { accepted: 0, duplicates: 200, rejected: 0 }
          : { accepted: 200, duplicates: 0, rejected: 0 },
      );
      expect(await db.event.count({ where: { eventId: { in: ids } } })).toBe(200);
    }
  } finally {
    await proxy.close();
  }
});
