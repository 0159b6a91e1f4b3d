import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

const SYSTEM_KEY = "durable-system-key";
const MASTER_KEY = "master-key";
let h: TestHost;

beforeAll(async () => {
  h = await startTestHost({
    appDir: fixtureApp("hostApp"),
    settings: {
      FUNCTIONS_HOST_KEY: "host-key",
      FUNCTIONS_MASTER_KEY: MASTER_KEY,
      FUNCTIONS_SYSTEM_KEY_DURABLETASK_EXTENSION: SYSTEM_KEY,
    },
  });
});
afterAll(() => h?.stop());

const withKey = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { "x-functions-key": key },
});

describe("durable HTTP API keys", () => {
  it("answers check-status links under /runtime/webhooks/durabletask with no key in any header or URL", async () => {
    const res = await h.fetch("/api/orchestrators/waiter", { method: "POST" });
    expect(res.status).toBe(202);
    const links = (await res.json()) as Record<string, string>;
    const location = res.headers.get("location") ?? "";
    expect(location).toBe(links.statusQueryGetUri);
    expect(new URL(location).pathname).toMatch(/^\/runtime\/webhooks\/durabletask\/instances\//);
    for (const text of [JSON.stringify(links), JSON.stringify([...res.headers])]) {
      expect(text).not.toMatch(/code=|master-key|host-key|durable-system-key/);
    }
    expect((await fetch(location)).status).toBe(401);
    expect((await fetch(location, withKey("host-key"))).status).toBe(401);
    const status = await fetch(location, withKey(SYSTEM_KEY));
    expect(status.status).toBe(202);
    expect(JSON.stringify([...status.headers])).not.toMatch(/code=|durable-system-key/);
    expect((await fetch(location, withKey(MASTER_KEY))).status).toBe(202);
  });

  it("refuses suspend without the system key and serves nothing under /durabletask", async () => {
    const id = await h.durable.start("waiter");
    const suspend = `/runtime/webhooks/durabletask/instances/${id}/suspend`;
    expect((await h.fetch(suspend, { method: "POST" })).status).toBe(401);
    expect((await h.fetch(`/durabletask/instances/${id}/suspend`, { method: "POST" })).status).toBe(404);
    expect((await h.fetch(`/durabletask/instances/${id}`)).status).toBe(404);
    expect(h.durable.status(id)?.runtimeStatus).toBe("Running");
    expect((await h.fetch(suspend, withKey(SYSTEM_KEY, { method: "POST" }))).status).toBe(202);
    await expect.poll(() => h.durable.status(id)?.runtimeStatus).toBe("Suspended");
  });

  it("keeps the app's durable client working with keys enforced", async () => {
    const id = await h.durable.start("waiter");
    expect((await h.fetch(`/api/durable/suspend/${id}`, { method: "POST" })).status).toBe(202);
    expect(await (await h.fetch(`/api/durable/status/${id}`)).json()).toMatchObject({ runtimeStatus: "Suspended" });
    expect((await h.fetch(`/api/durable/resume/${id}`, { method: "POST" })).status).toBe(202);
    expect((await h.fetch(`/api/durable/terminate/${id}`, { method: "POST" })).status).toBe(202);
    expect(await h.durable.waitFor(id)).toMatchObject({ runtimeStatus: "Terminated" });
  });
});
