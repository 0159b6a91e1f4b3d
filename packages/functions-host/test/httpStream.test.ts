import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

let h: TestHost;
beforeAll(async () => {
  h = await startTestHost({ appDir: fixtureApp("streamApp") });
});
afterAll(() => h?.stop());

describe("HTTP streaming (enableHttpStream)", () => {
  it("streams a request body to the handler", async () => {
    const res = await h.fetch("/api/upload", {
      method: "POST",
      body: "x".repeat(100_000),
      headers: { "x-test": "up" },
    });
    expect(await res.json()).toEqual({ bytes: 100_000, agent: "up" });
  });

  it("streams a response body with route values", async () => {
    const res = await h.fetch("/api/lines/3");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("line 0\nline 1\nline 2\n");
  });

  it("answers 500 when a streaming handler throws", async () => {
    expect((await h.fetch("/api/streamFails")).status).toBe(500);
    expect((await h.fetch("/api/lines/1")).status).toBe(200);
  });
});
