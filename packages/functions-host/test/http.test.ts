import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

const appDir = fixtureApp("hostApp");
let h: TestHost;

beforeAll(async () => {
  h = await startTestHost({
    appDir,
    settings: { FUNCTIONS_HOST_KEY: "host-key", FUNCTIONS_MASTER_KEY: "master-key", OVERRIDDEN: "from-env" },
  });
});
afterAll(() => h?.stop());

describe("HTTP triggers", () => {
  it("routes optional parameters, query and body, resolving app settings from local.settings.json", async () => {
    expect(await (await h.fetch("/api/hello/ada")).json()).toMatchObject({ message: "Hello ada" });
    expect(await (await h.fetch("/api/hello?name=bob")).json()).toMatchObject({ message: "Hello bob" });
    const post = await h.fetch("/api/hello", { method: "POST", body: "carol" });
    expect(await post.json()).toMatchObject({ message: "Hello carol" });
  });

  it("lets the environment override local.settings.json", async () => {
    expect(await (await h.fetch("/api/settings")).json()).toEqual({ overridden: "from-env", trigger: "httpTrigger" });
  });

  it("applies route constraints and methods", async () => {
    expect(await (await h.fetch("/api/items/42")).json()).toEqual({ id: 42, kind: "int" });
    expect(await (await h.fetch("/api/items/abc")).json()).toEqual({ name: "abc", kind: "alpha" });
    expect((await h.fetch("/api/items/a1")).status).toBe(404);
    expect((await h.fetch("/api/items/42", { method: "DELETE" })).status).toBe(404);
    expect(await (await h.fetch("/api/files/a/b/c.txt")).text()).toBe("a/b/c.txt");
  });

  it("enforces authLevel with x-functions-key or code", async () => {
    expect((await h.fetch("/api/secured")).status).toBe(401);
    expect((await h.fetch("/api/secured?code=wrong")).status).toBe(401);
    expect(await (await h.fetch("/api/secured?code=host-key")).text()).toBe("secret");
    expect((await h.fetch("/api/secured", { headers: { "x-functions-key": "master-key" } })).status).toBe(200);
    expect((await h.fetch("/api/adminOnly?code=host-key")).status).toBe(401);
    expect((await h.fetch("/api/adminOnly?code=master-key")).status).toBe(200);
  });

  it("returns status, headers and cookies set by the handler", async () => {
    const res = await h.fetch("/api/cookies");
    expect(res.status).toBe(201);
    expect(res.headers.get("x-fixture")).toBe("yes");
    expect(res.headers.get("set-cookie")).toBe("session=abc; Path=/; HttpOnly; SameSite=Strict");
    expect(await res.text()).toBe("with cookies");
  });

  it("answers 500 when a handler throws, returns garbage or exceeds functionTimeout, and keeps serving", async () => {
    expect((await h.fetch("/api/throws")).status).toBe(500);
    expect((await h.fetch("/api/garbage")).status).toBe(500);
    expect((await h.fetch("/api/hangs")).status).toBe(500);
    expect(
      h.logs.some((l) => /Timeout value of 00:00:02 was exceeded by function: Functions.hangs/.test(l.message)),
    ).toBe(true);
    expect((await h.fetch("/api/hello/again")).status).toBe(200);
  });

  it("survives a handler that rejects after it timed out", async () => {
    expect((await h.fetch("/api/failsLate")).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await h.fetch("/api/hello/still-here")).status).toBe(200);
  });

  it("logs with the function name and invocation id", async () => {
    const body = (await (await h.fetch("/api/hello/logs")).json()) as { invocationId: string };
    const line = h.logs.find((l) => l.message === "greeting logs");
    expect(line).toMatchObject({ functionName: "hello", invocationId: body.invocationId, category: "user" });
  });

  it("passes user log lines to log hooks and ran the appStart hook", async () => {
    await h.fetch("/api/hello/hook-1");
    const events = (await (await h.fetch("/api/events")).json()) as { kind: string }[];
    expect(events).toContainEqual({ kind: "appStart" });
    expect(events).toContainEqual({
      kind: "logHook",
      message: "greeting hook-1",
      level: "information",
      category: "user",
    });
  });

  it("runs preInvocation and postInvocation hooks, which can swap the handler and rewrite the result", async () => {
    const res = await h.fetch("/api/hooked");
    expect(await res.text()).toBe("replaced by preInvocation");
    expect(res.headers.get("x-post-hook")).toBe("ran");
  });
});
