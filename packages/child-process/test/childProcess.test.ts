// startProcess with real child processes: the ready line and its match, an exit before it, silence past the
// timeout, and stop() ending the process.
import { describe, expect, it } from "vitest";
import { startProcess } from "../src/childProcess.js";

/** A node process running `script`. */
const node = (script: string, readyPattern: RegExp, timeoutInMs?: number) =>
  startProcess(process.execPath, ["-e", script], { readyPattern, timeoutInMs });

describe("startProcess", () => {
  it("resolves with the ready line's match and the output so far, and stop() ends the process", async () => {
    const { process: child, match } = await node(
      'console.log("starting"); console.log("listening on 4242"); setInterval(() => {}, 1000);',
      /listening on (\d+)/,
    );
    expect(match[1]).toBe("4242");
    expect(child.output).toEqual(["starting", "listening on 4242"]);
    await child.stop();
    expect(child.child.signalCode).toBe("SIGTERM");
  });

  it("rejects with the output's tail when the process exits before it is ready", async () => {
    await expect(node('console.log("config missing"); process.exit(3);', /ready/)).rejects.toThrow(
      /exited \(3\) before it was ready:\nconfig missing/,
    );
  });

  it("rejects when no ready line comes in time", async () => {
    await expect(node("setInterval(() => {}, 1000);", /ready/, 300)).rejects.toThrow(
      /did not become ready within 300 ms/,
    );
  });
});
