import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

let h: TestHost;

beforeAll(async () => {
  h = await startTestHost({ appDir: fixtureApp("hostApp"), settings: { "AzureWebJobs.tick.Disabled": "true" } });
});
afterAll(() => h?.stop());

describe("durable orchestrations", () => {
  it("runs activities in sequence", async () => {
    const id = await h.durable.start("sequence");
    const status = await h.durable.waitFor(id);
    expect(status).toMatchObject({
      runtimeStatus: "Completed",
      output: ["Hello Tokyo", "Hello Seattle", "Hello London"],
    });
  });

  it("fans out and in with Task.all", async () => {
    const id = await h.durable.start("fanOut", { input: 50 });
    expect((await h.durable.waitFor(id)).output).toBe(2 * ((49 * 50) / 2));
  });

  it("retries a failing activity after durable retry timers and delivers the result to the right task", async () => {
    const id = await h.durable.start("retrying", { input: { key: "r1", failures: 2 } });
    await h.advance("1s");
    await h.advance("1s");
    const status = await h.durable.waitFor(id);
    expect(status.output).toEqual(["succeeded after 3 attempts", "Hello alongside"]);
  });

  it("keeps task ids aligned when several retried activities fail in the same fan-out", async () => {
    const id = await h.durable.start("fanOutRetry", { input: "fr" });
    for (let i = 0; i < 4; i++) await h.advance("1s");
    const status = await h.durable.waitFor(id);
    expect(status.output).toEqual([
      "succeeded after 1 attempts",
      "succeeded after 2 attempts",
      "succeeded after 3 attempts",
      "succeeded after 1 attempts",
      "succeeded after 2 attempts",
      "succeeded after 3 attempts",
      "Hello fr",
    ]);
  });

  it("fails the task with the activity's message once attempts are exhausted", async () => {
    const id = await h.durable.start("retryExhausted");
    await h.advance("1s");
    await h.advance("1s");
    const status = await h.durable.waitFor(id);
    expect(status.output).toBe("caught: Activity function 'alwaysFails' failed: activity boom ");
  });

  it("takes an external event over a timer in Task.any, with custom status", async () => {
    const id = await h.durable.start("approval");
    await h.advance("1h");
    expect(h.durable.status(id)).toMatchObject({ runtimeStatus: "Running", customStatus: { stage: "waiting" } });
    await h.durable.raise(id, "approved", { by: "ops" });
    const status = await h.durable.waitFor(id);
    expect(status).toMatchObject({ output: { approved: { by: "ops" } }, customStatus: { stage: "approved" } });
  });

  it("lets the durable timer win when the virtual clock passes the deadline", async () => {
    const id = await h.durable.start("approval");
    await h.advance("25h");
    expect((await h.durable.waitFor(id)).output).toBe("timed out");
  });

  it("runs a monitor loop of activities and one-minute timers as the virtual clock advances", async () => {
    const id = await h.durable.start("monitor", { input: 30 });
    await h.advance("10m");
    expect(h.durable.status(id)?.customStatus).toEqual({ done: 11 });
    await h.advance("1h");
    expect((await h.durable.waitFor(id)).output).toMatchObject({ done: 30 });
  });

  it("fires timers longer than six days (long timers)", async () => {
    const id = await h.durable.start("longTimer");
    await h.advance("9d");
    expect(h.durable.status(id)?.runtimeStatus).toBe("Running");
    await h.advance("1d");
    expect((await h.durable.waitFor(id)).output).toBe("woke");
  });

  it("runs sub-orchestrations, with explicit ids and retried failures", async () => {
    const id = await h.durable.start("parent", { instanceId: "p1" });
    await h.advance("1s");
    const status = await h.durable.waitFor(id);
    expect(status.output).toEqual({
      a: 10,
      b: 14,
      failure: "Orchestrator function 'child' failed: negative input -1 ",
    });
    expect(h.durable.status("p1-explicit")?.output).toBe(14);
    const executionId = h.host.durable.engine.instances.get("p1")?.row.executionId;
    expect(h.durable.status(`${executionId}:0`)?.output).toBe(10);
  });

  it("continues as new with a fresh history", async () => {
    const id = await h.durable.start("counter", { input: 0 });
    expect((await h.durable.waitFor(id)).output).toBe("counted to 3");
  });

  it("fails the orchestration with the orchestrator's real message", async () => {
    const id = await h.durable.start("failing");
    const status = await h.durable.waitFor(id);
    expect(status).toMatchObject({
      runtimeStatus: "Failed",
      output: "Orchestrator function 'failing' failed: orchestrator boom",
    });
  });

  it("fails an activity that hangs past functionTimeout with the runtime's timeout message", async () => {
    const id = await h.durable.start("callsHanging");
    const status = await h.durable.waitFor(id, { timeoutInMs: 10_000 });
    expect(status.output).toBe(
      "Activity function 'stuckActivity' failed: Timeout value of 00:00:02 was exceeded by function: Functions.stuckActivity ",
    );
  });

  it("detects non-deterministic replays", async () => {
    const id = await h.durable.start("nonDeterministic");
    const status = await h.durable.waitFor(id);
    expect(status.runtimeStatus).toBe("Failed");
    expect(String(status.output)).toMatch(/Non-deterministic workflow detected/);
  });

  it("buffers external events in order and holds them while suspended", async () => {
    const id = await h.durable.start("waiter");
    await h.durable.suspend(id, "pause");
    await h.durable.raise(id, "go", 1);
    await h.durable.raise(id, "go", 2);
    await h.advance("1s");
    expect(h.durable.status(id)?.runtimeStatus).toBe("Suspended");
    await h.durable.resume(id);
    expect((await h.durable.waitFor(id)).output).toEqual([1, 2]);
  });

  it("terminates and purges", async () => {
    const id = await h.durable.start("waiter");
    await h.durable.terminate(id, "enough");
    expect(await h.durable.waitFor(id)).toMatchObject({ runtimeStatus: "Terminated", output: "enough" });
    expect(h.durable.purge(id)).toBe(true);
    expect(h.durable.status(id)).toBeUndefined();
  });
});

describe("durable client over HTTP", () => {
  it("starts through the real JS client and answers the check-status links", async () => {
    const res = await h.fetch("/api/orchestrators/sequence", { method: "POST" });
    expect(res.status).toBe(202);
    const links = (await res.json()) as { id: string; statusQueryGetUri: string };
    expect(links.statusQueryGetUri.startsWith(h.url)).toBe(true);
    await h.durable.waitFor(links.id);
    const status = await fetch(links.statusQueryGetUri);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ runtimeStatus: "Completed", name: "sequence" });
  });

  it("raises, suspends, resumes, terminates and purges through the JS client", async () => {
    const id = await h.durable.start("waiter");
    expect((await h.fetch(`/api/durable/suspend/${id}`, { method: "POST" })).status).toBe(202);
    expect((await h.fetch(`/api/durable/raise/${id}?event=go`, { method: "POST", body: '"a"' })).status).toBe(202);
    expect((await (await h.fetch(`/api/durable/status/${id}`)).json()) as object).toMatchObject({
      runtimeStatus: "Suspended",
    });
    expect((await h.fetch(`/api/durable/resume/${id}`, { method: "POST" })).status).toBe(202);
    expect((await h.fetch(`/api/durable/raise/${id}?event=go`, { method: "POST", body: '"b"' })).status).toBe(202);
    const done = await h.fetch(`/api/durable/wait/${id}`);
    expect(await done.json()).toEqual(["a", "b"]);
    expect(await (await h.fetch(`/api/durable/purge/${id}`, { method: "POST" })).json()).toEqual({
      instancesDeleted: 1,
    });
    const other = await h.durable.start("waiter");
    expect((await h.fetch(`/api/durable/terminate/${other}`, { method: "POST" })).status).toBe(202);
    expect(await h.durable.waitFor(other)).toMatchObject({ runtimeStatus: "Terminated", output: "stopped by test" });
  });

  it("lists instances by filter and purges by filter", async () => {
    for (const n of [1, 2]) await h.durable.waitFor(await h.durable.start("sequence", { instanceId: `batch-${n}` }));
    const listed = await h.fetch(
      "/runtime/webhooks/durabletask/instances/?runtimeStatus=Completed&instanceIdPrefix=batch-",
    );
    const ids = ((await listed.json()) as { instanceId: string }[]).map((s) => s.instanceId).sort();
    expect(ids).toEqual(["batch-1", "batch-2"]);
    const purged = await h.fetch("/runtime/webhooks/durabletask/instances/?instanceIdPrefix=batch-", {
      method: "DELETE",
    });
    expect(await purged.json()).toEqual({ instancesDeleted: 2 });
  });

  it("invokes an activity directly through the harness", async () => {
    expect(await h.invoke("double", 21)).toBe(42);
  });

  it("answers 404 for unknown instances and 410 for finished ones", async () => {
    expect((await h.fetch("/runtime/webhooks/durabletask/instances/nope")).status).toBe(404);
    const id = await h.durable.start("sequence");
    await h.durable.waitFor(id);
    const raised = await h.fetch(`/runtime/webhooks/durabletask/instances/${id}/raiseEvent/x`, {
      method: "POST",
      body: "1",
    });
    expect(raised.status).toBe(410);
  });
});
