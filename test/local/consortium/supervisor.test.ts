import { describe, expect, it } from "vitest";
import { supervise } from "../../../local/consortium/supervisor.js";

/** A stand-in for a child process: it exits when told to. */
function fakeProcesses() {
  let next = 0;
  const exits = new Map<number, (how: string) => void>();
  const started: number[] = [];
  const ended: number[] = [];
  const start = async () => {
    const id = next++;
    started.push(id);
    return id;
  };
  return {
    started,
    ended,
    crash: (id: number) => exits.get(id)?.("SIGKILL"),
    options: {
      start,
      exited: (id: number) => new Promise<string>((resolve) => exits.set(id, resolve)),
      end: async (id: number) => {
        ended.push(id);
        exits.get(id)?.("SIGTERM");
      },
    },
  };
}

const until = async (done: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("supervise", () => {
  it("starts a process again after it died unasked, and shows it restarting meanwhile", async () => {
    const p = fakeProcesses();
    const first = await p.options.start();
    const lines: string[] = [];
    const supervised = supervise({ name: "bank-a", first, ...p.options, onEvent: (l) => lines.push(l) });
    p.crash(first);
    await until(() => supervised.status().state === "restarting");
    expect(supervised.status()).toEqual({ name: "bank-a", state: "restarting", restarts: 0 });
    await until(() => supervised.status().state === "up");
    expect(supervised.status()).toEqual({ name: "bank-a", state: "up", restarts: 1 });
    expect(supervised.current()).toBe(1);
    expect(lines.some((l) => l.includes("exited unexpectedly (SIGKILL)"))).toBe(true);
    await supervised.stop();
  });

  it("bounces on request without a second restart from the crash watcher, and stays down once stopped", async () => {
    const p = fakeProcesses();
    const first = await p.options.start();
    const supervised = supervise({ name: "azurite", first, ...p.options });
    await supervised.bounce({ kill: true, downForMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(p.started).toEqual([0, 1]);
    expect(supervised.status()).toEqual({ name: "azurite", state: "up", restarts: 1 });
    await supervised.stop();
    p.crash(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(p.started).toEqual([0, 1]);
    expect(supervised.status().state).toBe("down");
  });
});
