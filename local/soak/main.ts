// `npm run soak`: the local consortium under a steady mixed load while faults are injected at seeded times, then an
// audit from the outside. Prints the report, writes it as JSON, and exits 1 on any violation (with the seed).
//   npm run soak -- [--minutes 5] [--rate 60] [--banks 3] [--seed S] [--faults all|none|kind,…] [--fault-gap 45]
//                   [--drain-timeout 600] [--block-time 2] [--reconcile-every 30] [--report FILE] [--dir DIR]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { APP_ROOT } from "../buildApp.js";
import { FAULT_KINDS, parseFaultKinds } from "./faultPlan.js";
import { runSoak } from "./runSoak.js";
import { printReport } from "./soakReport.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "5" },
    rate: { type: "string", default: "60" },
    banks: { type: "string", default: "3" },
    seed: { type: "string", default: String(Date.now()) },
    faults: { type: "string", default: "all" },
    "fault-gap": { type: "string", default: "45" },
    "drain-timeout": { type: "string", default: "600" },
    "block-time": { type: "string", default: "2" },
    "reconcile-every": { type: "string", default: "30" },
    report: { type: "string", default: path.join(APP_ROOT, ".local", "soak-report.json") },
    dir: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "npm run soak -- [--minutes M] [--rate PER_SECOND] [--banks 2-8] [--seed S] [--faults all|none|kind,…]\n" +
      "                [--fault-gap SECONDS] [--drain-timeout SECONDS] [--block-time S] [--reconcile-every SECONDS]\n" +
      `                [--report FILE] [--dir DIR]\nfault kinds: ${FAULT_KINDS.join(", ")}`,
  );
  process.exit(0);
}

const banks = Number(values.banks);
if (!Number.isInteger(banks) || banks < 2 || banks > 8) {
  console.error("--banks must be between 2 and 8 (records are delivered to the other banks)");
  process.exit(2);
}
const reconcileEvery = Number(values["reconcile-every"]);
if (!Number.isInteger(reconcileEvery) || reconcileEvery < 1 || reconcileEvery > 59 || 60 % reconcileEvery !== 0) {
  console.error("--reconcile-every must divide a minute (1-30 seconds)");
  process.exit(2);
}
const options = {
  minutes: Number(values.minutes),
  ratePerSecond: Number(values.rate),
  banks,
  seed: values.seed,
  faults: parseFaultKinds(values.faults),
  meanFaultGapInSeconds: Number(values["fault-gap"]),
  drainTimeoutInSeconds: Number(values["drain-timeout"]),
  blockTimeInSeconds: Number(values["block-time"]),
  reconcileEverySeconds: reconcileEvery,
  localDir: values.dir,
  say: (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`),
};
const report = await runSoak(options);
printReport(report, (line) => console.log(line));
mkdirSync(path.dirname(values.report), { recursive: true });
writeFileSync(values.report, JSON.stringify(report, null, 2) + "\n");
console.log(`report written to ${path.relative(process.cwd(), values.report)}`);
process.exit(report.ok ? 0 : 1);
