// The reconciliation run behind the timer function (singleton, idempotent), the checks that matter now first: the
// signer's nonce (gaps filled by reconcileSigner), unfinished outbox entries (stuck transactions), lost delivery
// jobs, chain ⇄ outbox and deliveries over the blocks the watcher has processed since the last run, then the next
// stretch of confirmed history. Every check reads what is in flight or a bounded window, and a run stays within its
// time budget: a check not started in time is left to the next run (named in the report), whose checkpoints carry
// on where this one stopped. The report is stored and old reports pruned.
import type { CheckpointStore } from "../ports/distribution.js";
import type { ReportStore } from "../ports/reconciliation.js";
import { countFindings, type Finding, type ReconciliationReport } from "../domain/reconciliationReport.js";
import { readChainEvents } from "../distribution/readChainEvents.js";
import { reconciliationCheckpointKey, watcherCheckpointKey } from "../domain/distributionKeys.js";
import type { Ledger } from "../ports/ledger.js";
import type { Random } from "../ports/runtime.js";
import { reconcileSigner, type ReconcileSignerDeps, type SignerReport } from "../submission/reconcileSigner.js";
import { reconcileChainEvents, type ReconcileChainEventsDeps } from "./reconcileChainEvents.js";
import { reconcileDeliveries, type ReconcileDeliveriesDeps } from "./reconcileDeliveries.js";
import { reconcileHistory, type ReconcileHistoryDeps } from "./reconcileHistory.js";
import { reconcileOutbox, type ReconcileOutboxDeps } from "./reconcileOutbox.js";

/** Settings of a run (besides those of the individual checks). */
export interface RunSettings {
  startBlock: number;
  pageSizeInBlocks: number;
  maxBlocksPerRun: number;
  reportRetentionInMs: number;
  /** No check starts after this much of the run, and the history walk stops at it. */
  timeBudgetInMs: number;
}

/** Everything a run needs. */
export type ReconciliationDeps = ReconcileOutboxDeps &
  ReconcileHistoryDeps &
  ReconcileChainEventsDeps &
  ReconcileDeliveriesDeps &
  ReconcileSignerDeps & {
    ledger: Ledger;
    checkpoints: CheckpointStore;
    reports: ReportStore;
    random: Random;
    settings: ReconcileOutboxDeps["settings"] &
      ReconcileHistoryDeps["settings"] &
      ReconcileDeliveriesDeps["settings"] &
      RunSettings;
  };

/** Runs every check the time budget allows, urgent ones first, stores the report and returns it. */
export async function runReconciliation(deps: ReconciliationDeps): Promise<ReconciliationReport> {
  const startedAt = deps.clock.now().toISOString();
  const deadline = Date.parse(startedAt) + deps.settings.timeBudgetInMs;
  const previous = await deps.reports.latest();
  const findings: Finding[] = signerFindings(await reconcileSigner(deps));
  let blocks: ReconciliationReport["blocks"] = null;
  const checks: [name: string, run: () => Promise<Finding[]>][] = [
    ["outbox", () => reconcileOutbox(deps)],
    ["deliveries", () => reconcileDeliveries(deps)],
    [
      "chain events",
      async () => {
        const events = await checkRecentEvents(deps, previous?.startedAt ?? null);
        blocks = events.blocks;
        return events.findings;
      },
    ],
    ["history", () => reconcileHistory(deps, new Date(deadline))],
  ];
  const deferred: string[] = [];
  for (const [name, run] of checks) {
    if (deps.clock.now().getTime() >= deadline) deferred.push(name);
    else findings.push(...(await run()));
  }
  const report: ReconciliationReport = {
    id: `${startedAt.replace(/[^0-9]/g, "")}-${deps.random.bytesHex(4).slice(2)}`,
    startedAt,
    finishedAt: deps.clock.now().toISOString(),
    blocks,
    counts: countFindings(findings),
    findings,
    ...(deferred.length > 0 ? { deferred } : {}),
  };
  await deps.reports.save(report);
  await deps.reports.prune(new Date(Date.parse(startedAt) - deps.settings.reportRetentionInMs).toISOString());
  return report;
}

/** Checks the blocks after the previous run's, up to the last one the watcher has processed. */
async function checkRecentEvents(
  deps: ReconciliationDeps,
  subscribedBefore: string | null,
): Promise<{ blocks: ReconciliationReport["blocks"]; findings: Finding[] }> {
  const key = reconciliationCheckpointKey(deps.ledger.contractAddress);
  const checkpoint = await deps.checkpoints.get(key);
  const watcher = await deps.checkpoints.get(watcherCheckpointKey(deps.ledger.contractAddress));
  const fromBlock = checkpoint.nextBlock ?? deps.settings.startBlock;
  const toBlock = Math.min(fromBlock + deps.settings.maxBlocksPerRun - 1, (watcher.nextBlock ?? fromBlock) - 1);
  if (toBlock < fromBlock) return { blocks: null, findings: [] };
  const events = await readChainEvents(deps.ledger, { fromBlock, toBlock, ...deps.settings });
  const findings = await reconcileChainEvents(deps, { events, subscribedBefore });
  await deps.checkpoints.set(key, { nextBlock: toBlock + 1 }, checkpoint.version);
  return { blocks: { from: fromBlock, to: toBlock }, findings };
}

function signerFindings(report: SignerReport): Finding[] {
  const findings: Finding[] = report.filled.map((nonce) => ({
    kind: "nonce-gap",
    severity: "warning",
    repaired: true,
    nonce,
    detail: `nonce ${nonce} of ${report.address} filled with a zero-value transfer`,
  }));
  if (report.foreignTransactions > 0) {
    findings.push({
      kind: "foreign-nonce",
      severity: "alert",
      repaired: true,
      detail: `${report.foreignTransactions} transaction(s) signed by ${report.address} outside this layer; nonce adopted`,
    });
  }
  return findings;
}
