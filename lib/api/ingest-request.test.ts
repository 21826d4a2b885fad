import { describe, expect, it } from "vitest";
import { readBody } from "./ingest-request";

function streamed(chunks: number[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(120));
      controller.close();
    },
  });
  return new Request("http://keytrail.test/api/v1/events", {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

describe("readBody", () => {
  it("reads a body of up to the limit, across chunks", async () => {
    expect((await readBody(streamed([4, 3, 3]), 10))?.byteLength).toBe(10);
    expect(await readBody(new Request("http://keytrail.test/", { method: "POST", body: "héllo" }), 10)).toEqual(
      new TextEncoder().encode("héllo"),
    );
  });

  it("gives an empty body for a request without one", async () => {
    expect(await readBody(new Request("http://keytrail.test/", { method: "POST" }), 10)).toEqual(new Uint8Array(0));
  });

  it("refuses a larger Content-Length before reading, and a larger body while reading", async () => {
    expect(await readBody(streamed([1], { "content-length": "11" }), 10)).toBeNull();
    // Content-Length can lie (or be absent with chunked encoding): the count while reading decides.
    expect(await readBody(streamed([6, 5], { "content-length": "3" }), 10)).toBeNull();
    expect(await readBody(streamed([6, 5]), 10)).toBeNull();
  });
});
