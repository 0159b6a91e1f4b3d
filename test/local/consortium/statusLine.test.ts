import { describe, expect, it } from "vitest";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";
import { componentText } from "../../../local/consortium/statusLine.js";
import { childProcessLifecycle, processAlive, supervise } from "../../../local/consortium/supervisor.js";

async function sleeper(): Promise<RunningProcess> {
  const script = "console.log('ready'); setInterval(() => {}, 1000)";
  return (await startProcess(process.execPath, ["-e", script], { readyPattern: /ready/ })).process;
}

async function killedBySignal(running: RunningProcess): Promise<void> {
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  running.child.kill("SIGKILL");
  await exited;
}

describe("componentText", () => {
  it("shows a host killed by a signal as DOWN, supervised or not", async () => {
    const host = await sleeper();
    expect(componentText(undefined, processAlive(host))).toBe("up");
    await killedBySignal(host);
    expect(host.child.exitCode).toBeNull();
    expect(processAlive(host)).toBe(false);
    expect(componentText(undefined, processAlive(host))).toBe("DOWN");
    expect(componentText({ name: "bank-a", state: "up", restarts: 2 }, false)).toBe("DOWN (restarted 2×)");
  });
});

describe("supervise with childProcessLifecycle", () => {
  it("reports a process killed by a signal as down before its exit is handled", async () => {
    const first = await sleeper();
    const supervised = supervise({
      name: "bank-a",
      first,
      start: sleeper,
      ...childProcessLifecycle,
      // The exit not yet seen: the status must not claim "up" for a dead process meanwhile.
      exited: () => new Promise<string>(() => {}),
    });
    await killedBySignal(first);
    expect(supervised.status().state).toBe("down");
    await supervised.stop();
  });
});
