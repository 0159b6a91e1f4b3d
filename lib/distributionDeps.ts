// Hands the distribution, read API, reconciliation and retention use cases their dependencies from the process services, so
// each trigger file stays a few lines: parse the input, call one use case, answer.
import type { DispatchDeps } from "./distribution/dispatchDeliveries.js";
import type { EraseDeps } from "./erasure/eraseSubject.js";
import type { ReplayDeps } from "./distribution/replayDeliveries.js";
import type { WatchChainDeps } from "./distribution/watchChain.js";
import type { HealthSettings } from "./readApi/getHealth.js";
import type { SubjectRecordsDeps } from "./readApi/getSubjectRecords.js";
import type { OrchestrationHistory } from "./distributionPorts.js";
import type { ReconciliationDeps } from "./reconciliation/runReconciliation.js";
import type { RetentionDeps } from "./retention/applyRetention.js";
import type { Services } from "./services.js";
import type { SubscriptionAdminDeps } from "./subscriptions/createSubscription.js";

/** Fan-out ports shared by the watcher, replay and reconciliation. */
function fanOut(s: Services) {
  const { subscriptions, deliveries, queue } = s.distribution;
  return { subscriptions, deliveries, queue, clock: s.clock, random: s.random, ownAddress: s.ownAddress };
}

/** For the chain watcher. */
export function watchDeps(s: Services): WatchChainDeps {
  const { startBlock, pageSizeInBlocks, maxPagesPerStep } = s.config.distribution.watcher;
  return {
    ...fanOut(s),
    ledger: s.ledger,
    checkpoints: s.distribution.checkpoints,
    index: s.distribution.index,
    settings: { confirmations: s.config.chain.confirmations, startBlock, pageSizeInBlocks, maxPagesPerStep },
  };
}

/** For the webhook dispatcher. */
export function dispatchDeps(s: Services): DispatchDeps {
  const { retryPolicy, attemptTimeoutInMs, disableAfterInMs } = s.config.distribution.webhook;
  const { sender, secrets, outboxReader } = s.distribution;
  return {
    ...fanOut(s),
    sender,
    secrets,
    outboxReader,
    settings: { retryPolicy, attemptTimeoutInMs, disableAfterInMs },
  };
}

/** For the subscriptions admin API. */
export function adminDeps(s: Services): SubscriptionAdminDeps {
  const { allowHttp, secretOverlapInMs } = s.config.distribution.webhook;
  const { subscriptions, secrets, destinations } = s.distribution;
  return {
    subscriptions,
    secrets,
    destinations,
    clock: s.clock,
    random: s.random,
    settings: { allowHttp, secretOverlapInMs },
  };
}

/** For replays, able to read history from the chain. */
export function replayDeps(s: Services): ReplayDeps {
  const chain = {
    ledger: s.ledger,
    checkpoints: s.distribution.checkpoints,
    pageSizeInBlocks: s.config.distribution.watcher.pageSizeInBlocks,
  };
  return { ...fanOut(s), chain };
}

/** For `GET /api/records`. */
export function recordsDeps(s: Services): SubjectRecordsDeps {
  const { index, outboxReader } = s.distribution;
  return {
    ledger: s.ledger,
    index,
    outbox: outboxReader,
    ownAddress: s.ownAddress,
    subjectKeySecret: s.config.subjectKeySecret,
  };
}

/** For `DELETE /api/subjects` (erasure on request). */
export function eraseDeps(s: Services): EraseDeps {
  const { subscriptions, deliveries } = s.distribution;
  return {
    outbox: s.outbox,
    subjects: s.subjects,
    subscriptions,
    deliveries,
    ledger: s.ledger,
    clock: s.clock,
    ownAddress: s.ownAddress,
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
export function reconciliationDeps(s: Services): ReconciliationDeps {
  const r = s.config.distribution.reconciliation;
  const { startBlock, pageSizeInBlocks } = s.config.distribution.watcher;
  const { transactionLookup, outboxReader, checkpoints, reports } = s.distribution;
  return {
    ...fanOut(s),
    outbox: s.outbox,
    transactions: s.transactions,
    signer: s.signer,
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
export async function retentionDeps(s: Services, orchestrations: OrchestrationHistory): Promise<RetentionDeps> {
  const { schedule: _schedule, ...settings } = s.config.distribution.retention;
  return {
    outbox: s.outbox,
    transactions: s.transactions,
    deliveries: s.distribution.deliveries,
    subscriptions: s.distribution.subscriptions,
    orchestrations,
    signerAddress: await s.signer.getAddress(),
    clock: s.clock,
    settings,
  };
}
