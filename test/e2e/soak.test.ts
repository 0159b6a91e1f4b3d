import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../local/soak/faultPlan.js";
import { runSoak } from "../../local/soak/runSoak.js";
import { printReport } from "../../local/soak/soakReport.js";

// The short soak CI runs: every fault kind once, at seeded times, while three banks send a mixed load; then the
// audit from the outside (results queues, the chain over raw JSON-RPC, the partner receivers). A failure prints the
// report and the command that replays the run; SOAK=0 skips it (e.g. for a quick local run of the suite).
describe.skipIf(process.env["SOAK"] === "0")("npm run soak (short)", () => {
  it("loses nothing, duplicates nothing and keeps every promise while every kind of fault is injected", async () => {
    const report = await runSoak({
      minutes: 1.5,
      ratePerSecond: 24,
      banks: 3,
      seed: process.env.SOAK_SEED ?? "ci",
      faults: FAULT_KINDS,
      meanFaultGapInSeconds: 0,
      drainTimeoutInSeconds: 180,
      blockTimeInSeconds: 2,
      reconcileEverySeconds: 20,
    });
    const lines: string[] = [];
    printReport(report, (line) => lines.push(line));
    console.log(lines.join("\n"));
    expect(Object.keys(report.faults.byKind).sort(), lines.join("\n")).toEqual([...FAULT_KINDS].sort());
    expect(report.violations, lines.join("\n")).toEqual([]);
  }, 600_000);
});
