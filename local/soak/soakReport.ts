// The soak's report: faults by kind (each with its time, what was done and the recovery after it), messages by kind,
// updates by final status, lost and duplicated counts, deliveries, recovery p50/max, throughput during and outside
// faults, what the supervisor restarted, each process's memory after warm-up and at its end, and every violation.
// Also its printed form.
import { keccak256, toUtf8Bytes } from "ethers";
import type { ComponentStatus } from "../consortium/supervisor.js";
import type { DeliveriesAudit } from "./auditDeliveries.js";
import type { ResultsAudit, Violation } from "./auditResults.js";
import type { ForeignWrite } from "./chainFaults.js";
import type { ChainView } from "./chainView.js";
import type { InjectedFault } from "./faultInjectors.js";
import type { PlannedFault } from "./faultPlan.js";
import type { Load } from "./loadGenerator.js";
import type { InstanceMemory } from "./memorySampler.js";
import { p50AndMax, recoverySeconds, round, throughput, type Work } from "./recovery.js";
import type { SoakOptions } from "./soakOptions.js";

/** What the report is built from. */
export interface SoakReportInput {
  options: SoakOptions;
  plan: readonly PlannedFault[];
  injected: readonly InjectedFault[];
  load: Load;
  results: ResultsAudit;
  deliveries: DeliveriesAudit;
  chain: ChainView;
  drained: { seconds: number; missingAnswers: number; missingDeliveries: number };
  window: { from: number; to: number };
  foreignWrites: readonly ForeignWrite[];
  supervision: ComponentStatus[];
  keyVaultCounts: Record<string, number>;
  /** Resident memory per process instance after warm-up and at its end. */
  memory: InstanceMemory[] | "not sampled";
}

/** The JSON report. */
export type SoakReport = ReturnType<typeof soakReport>;

/** Builds the report. */
export function soakReport(input: SoakReportInput) {
  const { options, results, deliveries, window } = input;
  const violations: Violation[] = [...results.violations, ...deliveries.violations];
  for (const fault of input.injected.filter((f) => f.error))
    violations.push({ check: "fault-injected", id: fault.kind, detail: fault.error ?? "" });
  const answered = new Map([...results.finals, ...results.answers].map(([id, a]) => [id, a.at]));
  const answers: Work[] = input.load.sent
    .filter((s) => s.message.expect.kind === "update" || s.message.expect.kind === "malformed")
    .map((s) => ({ bank: s.bank, startedAt: s.sentAt, doneAt: answered.get(s.message.messageId) }));
  const confirmed = [...results.finals].filter(([, f]) => f.status === "confirmed");
  const confirmedAt = new Map(confirmed.map(([id, f]) => [keccak256(toUtf8Bytes(id)), f.at]));
  const deliveryWork: Work[] = deliveries.pairs.map((p) => ({
    bank: p.receiver,
    startedAt: confirmedAt.get(p.updateIdHash) ?? 0,
    doneAt: p.deliveredAt,
  }));
  const faults = input.injected.map((f) => ({
    kind: f.kind,
    bank: f.bank,
    atSeconds: round((f.startedAt - window.from) / 1000),
    durationSeconds: round((f.endedAt - f.startedAt) / 1000),
    detail: f.detail,
    ...(f.error ? { error: f.error } : {}),
    recoverySeconds: round(recoverySeconds(f, answers, deliveryWork)),
  }));
  const byKind: Record<string, number> = {};
  for (const f of faults) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const byLabel: Record<string, number> = {};
  for (const s of input.load.sent) byLabel[s.message.label] = (byLabel[s.message.label] ?? 0) + 1;
  const loadSeconds = (window.to - window.from) / 1000;
  const count = (check: string) => violations.filter((v) => v.check === check).length;
  return {
    ok: violations.length === 0,
    seed: options.seed,
    replay: replayCommand(options),
    options: { ...options, say: undefined },
    faults: { byKind, injected: faults },
    messages: { sent: input.load.sent.length, offeredPerSecond: round(input.load.sent.length / loadSeconds), byLabel },
    updates: {
      byFinalStatus: results.byStatus,
      lost: count("lost"),
      duplicated: count("duplicated"),
      malformedAnswered: results.answers.size,
    },
    deliveries: {
      expected: deliveries.expected,
      delivered: deliveries.delivered,
      redelivered: deliveries.redelivered,
    },
    foreignWrites: input.foreignWrites.map((w) => ({
      ...w,
      onChain: input.chain.events.some((e) => e.updateIdHash === w.updateIdHash.toLowerCase()),
    })),
    recoverySeconds: p50AndMax(faults.map((f) => f.recoverySeconds)),
    throughput: throughput(
      input.injected,
      confirmed.map(([, f]) => f.at),
      window,
    ),
    drain: input.drained,
    chain: {
      head: input.chain.head,
      recordEvents: input.chain.events.length,
      otherTransactionsAndLogs: input.chain.unknownCount,
    },
    supervision: input.supervision,
    keyVault: input.keyVaultCounts,
    memory: input.memory,
    violations,
  };
}

/** The command that replays this run. */
export function replayCommand(options: SoakOptions): string {
  const faults = options.faults.join(",") || "none";
  return (
    `npm run soak -- --seed ${options.seed} --minutes ${options.minutes} --rate ${options.ratePerSecond} ` +
    `--banks ${options.banks} --faults ${faults} --fault-gap ${options.meanFaultGapInSeconds}`
  );
}

/** The report as a person reads it. */
export function printReport(report: SoakReport, log: (line: string) => void): void {
  log(`\nsoak ${report.ok ? "PASSED" : "FAILED"} — seed ${report.seed}`);
  const { missingAnswers, missingDeliveries, seconds } = report.drain;
  if (missingAnswers + missingDeliveries > 0)
    log(
      `DID NOT DRAIN: ${missingAnswers} answers and ${missingDeliveries} deliveries still to come after ${Math.round(seconds)} s ` +
        `of draining; "lost" below counts them (only a run that drains proves a loss: lower --rate or raise --drain-timeout)`,
    );
  log(
    `faults injected: ${
      Object.entries(report.faults.byKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ") || "none"
    }`,
  );
  for (const f of report.faults.injected)
    log(
      `  +${f.atSeconds}s ${f.kind} ${f.bank} (${f.durationSeconds} s): ${f.error ?? f.detail} — recovered ${f.recoverySeconds} s`,
    );
  log(
    `messages sent: ${report.messages.sent} (${report.messages.offeredPerSecond}/s) ${JSON.stringify(report.messages.byLabel)}`,
  );
  log(
    `updates by final status: ${JSON.stringify(report.updates.byFinalStatus)}; malformed answered ${report.updates.malformedAnswered}`,
  );
  log(`lost ${report.updates.lost}, duplicated ${report.updates.duplicated}`);
  log(
    `deliveries: ${report.deliveries.delivered} of ${report.deliveries.expected} (redelivered ${report.deliveries.redelivered})`,
  );
  const r = report.recoverySeconds;
  log(`recovery after a fault: p50 ${r?.p50 ?? "-"} s, max ${r?.max ?? "-"} s`);
  const t = report.throughput;
  log(`confirmed/s: ${t.duringFaults} during faults (${t.secondsWithFaults} s), ${t.withoutFaults} without`);
  log(
    `supervisor restarts: ${
      report.supervision
        .filter((c) => c.restarts > 0)
        .map((c) => `${c.name} ${c.restarts}`)
        .join(", ") || "none"
    }`,
  );
  log(
    `memory (MB, after warm-up → end): ${
      typeof report.memory === "string"
        ? report.memory
        : report.memory.map((m) => `${m.name} ${m.afterWarmUpMb} → ${m.atEndMb} (${m.minutes} min)`).join(", ") ||
          "no process lived long enough"
    }`,
  );
  log(`violations: ${report.violations.length}`);
  for (const v of report.violations.slice(0, 30)) log(`  ${v.check} ${v.id}: ${v.detail}`);
  if (!report.ok) log(`replay: ${report.replay}`);
}
