import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";
import { startTestHost } from "../src/harness.js";
import { fixtureApp, HOST_CLI } from "./paths.js";

const appDir = fixtureApp("hostApp");
const dirs: string[] = [];
const processes: RunningProcess[] = [];
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "host-restart-"));
  dirs.push(dir);
  return dir;
}

describe("restart with persisted durable state (in process)", () => {
  it("resumes in-flight orchestrations and fires timers that fell due while the host was down", async () => {
    const dataDir = tempDir();
    const settings = { "AzureWebJobs.tick.Disabled": "true" };
    const t0 = Date.parse("2026-03-01T00:00:00Z");
    const first = await startTestHost({ appDir, dataDir, settings, startTime: new Date(t0) });
    const approval = await first.durable.start("approval", { instanceId: "restart-approval" });
    const sleeper = await first.durable.start("longTimer", { instanceId: "restart-long" });
    const counter = await first.durable.start("steps", { instanceId: "restart-steps", input: 20 });
    await first.advance("1s");
    await first.stop();

    const second = await startTestHost({ appDir, dataDir, settings, startTime: new Date(t0 + 11 * 86_400_000) });
    try {
      expect(second.durable.status(approval)?.runtimeStatus).not.toBe("Pending");
      expect((await second.durable.waitFor(sleeper)).output).toBe("woke");
      expect((await second.durable.waitFor(approval)).output).toBe("timed out");
      expect((await second.durable.waitFor(counter)).output).toBe(20);
    } finally {
      await second.stop();
    }
  });
});

describe("activities are at least once", () => {
  it("runs an activity again when the host stopped before its result was recorded", async () => {
    const dataDir = tempDir();
    const first = await startTestHost({ appDir, dataDir });
    const id = await first.durable.start("slow", { input: "again" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    const second = await startTestHost({ appDir, dataDir });
    try {
      expect((await second.durable.waitFor(id)).output).toBe("again");
      const events = (await (await second.fetch("/api/events")).json()) as { kind: string; value?: string }[];
      expect(events.filter((e) => e.kind === "slowEcho" && e.value === "again")).toHaveLength(2);
    } finally {
      await second.stop();
    }
  });
});

describe("restart through the CLI", () => {
  async function startCli(dataDir: string): Promise<{ process: RunningProcess; url: string }> {
    const { process: child, match } = await startProcess(
      process.execPath,
      ["--import", "tsx", HOST_CLI, appDir, "--port", "0", "--data-dir", dataDir],
      { readyPattern: /Host started on (http:\/\/\S+)/, timeoutInMs: 30_000 },
    );
    processes.push(child);
    return { process: child, url: match[1] as string };
  }

  it("serves HTTP and durable calls, and a killed host resumes its orchestrations on the next start", async () => {
    const dataDir = tempDir();
    const first = await startCli(dataDir);
    expect(await (await fetch(`${first.url}/api/hello/cli`)).json()).toMatchObject({ message: "Hello cli" });
    const started = await fetch(`${first.url}/api/orchestrators/waiter`, { method: "POST" });
    const { id, sendEventPostUri } = (await started.json()) as { id: string; sendEventPostUri: string };
    const raise = (url: string, value: string): Promise<Response> =>
      fetch(sendEventPostUri.replace(/^http:\/\/[^/]+/, url).replace("{eventName}", "go"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(value),
      });
    expect((await raise(first.url, "before")).status).toBe(202);
    first.process.child.kill("SIGKILL");
    await new Promise((resolve) => first.process.child.once("exit", resolve));

    const second = await startCli(dataDir);
    expect((await raise(second.url, "after")).status).toBe(202);
    let status: { runtimeStatus: string; output: unknown } = { runtimeStatus: "", output: null };
    for (let i = 0; i < 100 && status.runtimeStatus !== "Completed"; i++) {
      const res = await fetch(`${second.url}/runtime/webhooks/durabletask/instances/${id}`);
      status = (await res.json()) as typeof status;
      if (status.runtimeStatus !== "Completed") await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toMatchObject({ runtimeStatus: "Completed", output: ["before", "after"] });
  });
});
