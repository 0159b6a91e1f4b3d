// Hands the distribution, read API, reconciliation and retention use cases their dependencies from the process
// services, one function per use case (submission's are in submissionDeps.ts), so every trigger is wired the same
// way: `const s = await services()`, parse the input, call one use case with `xDeps(s)`, answer. Settings are picked
// from the configuration here, never in a trigger.
import type { DurableClient } from "durable-functions";
import { durableOrchestrationHistory } from "../adapters/durable/durableOrchestrationHistory.js";
import type { DeliveryStore } from "../ports/distribution.js";
import type { ReportStore } from "../ports/reconciliation.js";
import type { DispatchDeps } from "../distribution/dispatchDeliveries.js";
import type { EraseDeps } from "../erasure/eraseSubject.js";
import type { ReplayDeps } from "../distribution/replayDeliveries.js";
import type { WatchChainDeps } from "../distribution/watchChain.js";
import type { HealthSettings } from "../readApi/getHealth.js";
import type { SubjectRecordsDeps } from "../readApi/getSubjectRecords.js";
import type { ReconciliationDeps } from "../reconciliation/runReconciliation.js";
import type { RetentionDeps } from "../retention/applyRetention.js";
import type { Services } from "./services.js";
import type { SubscriptionAdminDeps } from "../subscriptions/createSubscription.js";

/** The webhook dispatcher's trigger input: the job in a delivery queue message (its format is the queue adapter's). */
export { parseDeliveryJob } from "../adapters/servicebus/serviceBusDeliveryQueue.js";

/** For `GET /api/reconciliation/latest`. */
export function reportDeps(s: Services): { reports: ReportStore } {
  return { reports: s.distribution.reports };
}

/** Fan-out ports shared by the watcher, replay and reconciliation. */
async function fanOut(s: Services) {
  const { subscriptions, deliveries, queue } = s.distribution;
  return { subscriptions, deliveries, queue, clock: s.clock, random: s.random, ownAddress: await s.ownAddress() };
}

/** For the chain watcher. */
export async function watchDeps(s: Services): Promise<WatchChainDeps> {
  const { startBlock, pageSizeInBlocks, maxPagesPerStep } = s.config.distribution.watcher;
  return {
    ...(await fanOut(s)),
    ledger: s.ledger,
    checkpoints: s.distribution.checkpoints,
    index: s.distribution.index,
    settings: { confirmations: s.config.chain.confirmations, startBlock, pageSizeInBlocks, maxPagesPerStep },
  };
}

/** For the webhook dispatcher. */
export async function dispatchDeps(s: Services): Promise<DispatchDeps> {
  const { retryPolicy, attemptTimeoutInMs, disableAfterInMs } = s.config.distribution.webhook;
  const { sender, secrets, outboxReader } = s.distribution;
  return {
    ...(await fanOut(s)),
    sender,
    secrets,
    outboxReader,
    settings: { retryPolicy, attemptTimeoutInMs, disableAfterInMs },
  };
}

/** For the subscriptions admin API (the reads list a subscription's deliveries too). */
export function adminDeps(s: Services): SubscriptionAdminDeps & { deliveries: DeliveryStore } {
  const { allowHttp, secretOverlapInMs } = s.config.distribution.webhook;
  const { subscriptions, deliveries, secrets, destinations } = s.distribution;
  return {
    subscriptions,
    deliveries,
    secrets,
    destinations,
    clock: s.clock,
    random: s.random,
    settings: { allowHttp, secretOverlapInMs },
  };
}

/** For replays, able to read history from the chain. */
export async function replayDeps(s: Services): Promise<ReplayDeps> {
  const chain = {
    ledger: s.ledger,
    checkpoints: s.distribution.checkpoints,
    pageSizeInBlocks: s.config.distribution.watcher.pageSizeInBlocks,
  };
  return { ...(await fanOut(s)), chain };
}

/** For `GET /api/records`. */
export async function recordsDeps(s: Services): Promise<SubjectRecordsDeps> {
  const { index, outboxReader } = s.distribution;
  return {
    ledger: s.ledger,
    index,
    outbox: outboxReader,
    ownAddress: await s.ownAddress(),
    subjectKeySecret: s.config.subjectKeySecret,
  };
}

/** For `DELETE /api/subjects` (erasure on request). */
export async function eraseDeps(s: Services): Promise<EraseDeps> {
  const { subscriptions, deliveries } = s.distribution;
  return {
    outbox: s.outbox,
    subjects: s.subjects,
    subscriptions,
    deliveries,
    ledger: s.ledger,
    clock: s.clock,
    ownAddress: await s.ownAddress(),
    subjectKeySecret: s.config.subjectKeySecret,
  };
}

/** For `GET /api/health`. */
export function healthDeps(s: Services): {
  probe: Services["distribution"]["probe"];
  checks: Services["distribution"]["checks"];
  settings: HealthSettings;
} {
  const { maxLagInBlocks, minPeers, checkTimeoutInMs } = s.config.distribution.health;
  const settings = { maxLagInBlocks, minPeers, checkTimeoutInMs, feeStrategy: s.config.chain.feeStrategy };
  return { probe: s.distribution.probe, checks: s.distribution.checks, settings };
}

/** For the reconciliation timer. */
export async function reconciliationDeps(s: Services): Promise<ReconciliationDeps> {
  const r = s.config.distribution.reconciliation;
  const { startBlock, pageSizeInBlocks } = s.config.distribution.watcher;
  const { transactionLookup, outboxReader, checkpoints, reports } = s.distribution;
  return {
    ...(await fanOut(s)),
    outbox: s.outbox,
    transactions: s.transactions,
    writer: s.writer,
    results: s.results,
    ledger: s.ledger,
    transactionLookup,
    outboxReader,
    checkpoints,
    reports,
    settings: {
      acceptedOlderThanInMs: r.acceptedOlderThanInMs,
      submittedOlderThanInMs: r.submittedOlderThanInMs,
      scanLimit: r.scanLimit,
      confirmedLookbackInMs: r.confirmedLookbackInMs,
      historyPerRun: r.historyPerRun,
      lostJobGraceInMs: r.lostJobGraceInMs,
      startBlock,
      pageSizeInBlocks,
      maxBlocksPerRun: r.maxBlocksPerRun,
      reportRetentionInMs: r.reportRetentionInMs,
      timeBudgetInMs: r.timeBudgetInMs,
    },
  };
}

/** For the retention timer, with the history of the orchestrations its Durable client manages. */
export async function retentionDeps(s: Services, durableClient: DurableClient): Promise<RetentionDeps> {
  const { schedule: _schedule, ...settings } = s.config.distribution.retention;
  const orchestrations = durableOrchestrationHistory(durableClient);
  return {
    outbox: s.outbox,
    transactions: s.transactions,
    deliveries: s.distribution.deliveries,
    subscriptions: s.distribution.subscriptions,
    orchestrations,
    signerAddress: await s.writer.account(),
    clock: s.clock,
    settings,
  };
}
