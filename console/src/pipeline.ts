// This bank's pipeline: updates per minute by stage, enqueue → final p50/p99, the pending list, transactions in
// flight (nonce, age), Key Vault throttles, dead letters and the latest reconciliation's findings.
import type { PipelineView } from "../../lib/console/getPipelineView.js";
import type { ReconciliationReport } from "../../lib/domain/reconciliationReport.js";
import { api, ApiError } from "./api.js";
import { minuteChart } from "./charts.js";
import { age, duration, fillTable, fillTiles, h, part, short, since } from "./dom.js";

const CHARTED = ["received", "accepted", "submitted", "confirmed", "failed", "rejected"] as const;

/** Renders the section on each refresh. */
export function pipelineSection(section: HTMLElement): () => Promise<void> {
  const chart = minuteChart(
    part(section, "chart"),
    CHARTED.map((name) => `${name}/min`),
  );
  return async () => {
    const [view, report] = await Promise.all([api<PipelineView>("status/pipeline"), latestReport()]);
    const total = (name: keyof PipelineView["minutes"][number]) =>
      view.minutes.reduce((sum, m) => sum + Number(m[name]), 0);
    const deadLetters = view.deadLetters.map((d) =>
      "error" in d ? `${d.queue}: ?` : `${d.queue}: ${d.count}${d.capped ? "+" : ""}`,
    );
    fillTiles(part(section, "tiles"), [
      ["received (30 min)", total("received")],
      ["confirmed (30 min)", total("confirmed")],
      ["superseded (30 min)", total("superseded")],
      ["failed (30 min)", total("failed")],
      ["pending", `${view.pending.count}${view.pending.capped ? "+" : ""}`],
      ["in flight", view.inFlight.length],
      ["p50 enqueue→final", duration(view.latency.p50InMs)],
      ["p99 enqueue→final", duration(view.latency.p99InMs)],
      ["Key Vault throttles", total("throttled")],
      ["dead letters", deadLetters.join(", ")],
    ]);
    chart.update(
      view.minutes.map((m) => m.at),
      CHARTED.map((name) => view.minutes.map((m) => m[name])),
    );
    fillTable(
      part(section, "table", "inflight"),
      ["nonce", "tx hash", "status", "updates", "age", "broadcasts"],
      view.inFlight.map((tx) => [
        tx.nonce,
        short(tx.txHash),
        tx.status,
        tx.updates,
        age(tx.ageInSeconds),
        tx.broadcasts,
      ]),
    );
    part(section, "reconciliation").replaceChildren(reportSummary(report));
  };
}

async function latestReport(): Promise<ReconciliationReport | null> {
  try {
    return await api<ReconciliationReport>("reconciliation/latest");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function reportSummary(report: ReconciliationReport | null): HTMLElement {
  if (!report) return h("p", { class: "muted" }, "no reconciliation has run yet");
  const counts = Object.entries(report.counts).filter(([, n]) => n > 0);
  const findings = report.findings.slice(0, 8).map((f) => {
    const level = f.severity === "alert" ? "error" : f.severity === "warning" ? "warn" : "muted";
    const what = [
      f.kind,
      f.updateId ?? f.txHash ?? f.subscriptionId ?? "",
      f.repaired ? "(repaired)" : "",
      f.detail ?? "",
    ];
    return h("li", { class: level }, what.filter(Boolean).join(" "));
  });
  return h(
    "div",
    {},
    h(
      "p",
      {},
      `run ${since(report.finishedAt)}, `,
      counts.length === 0 ? "no findings" : counts.map(([k, n]) => `${k}: ${n}`).join(", "),
    ),
    h("ul", {}, ...findings),
  );
}
