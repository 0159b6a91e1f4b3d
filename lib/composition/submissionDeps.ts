// Hands the submission use cases (ingest, the submitter's step, confirmation, the signer's nonce) and the update
// timeline their dependencies from the process services, the way distributionDeps.ts does for the others.
import { REBROADCAST_EVERY_CHECKS } from "../orchestration/retryPolicies.js";
import type { OutboxStore } from "../ports/outbox.js";
import type { ConfirmDeps } from "../submission/confirmTransaction.js";
import type { IngestDeps } from "../submission/ingestUpdate.js";
import type { ReconcileSignerDeps } from "../submission/reconcileSigner.js";
import type { SubmitDeps } from "../submission/submitDeps.js";
import type { Services } from "./services.js";

/** For ingest (the inbound queue). */
export function ingestDeps(s: Services): IngestDeps {
  const { scoreRange, subjectKeySecret } = s.config;
  return {
    outbox: s.outbox,
    results: s.results,
    clock: s.clock,
    random: s.random,
    settings: { scoreRange, subjectKeySecret },
  };
}

/** For the submitter's step. */
export function submitDeps(s: Services): SubmitDeps {
  const { outbox, transactions, writer, results, clock } = s;
  return {
    outbox,
    transactions,
    writer,
    results,
    clock,
    settings: { batch: { maxRecords: s.config.batch.maxRecords } },
  };
}

/** For one confirmation check of a transaction monitor. */
export function confirmDeps(s: Services): ConfirmDeps {
  const { outbox, transactions, writer, results, clock } = s;
  const settings = { confirmations: s.config.chain.confirmations, rebroadcastEveryChecks: REBROADCAST_EVERY_CHECKS };
  return { outbox, transactions, writer, results, clock, settings };
}

/** For the signer's nonce reconciliation (when the submitter starts). */
export function signerDeps(s: Services): ReconcileSignerDeps {
  const { transactions, writer, clock } = s;
  return { transactions, writer, clock };
}

/** For `GET /api/updates/{updateId}`. */
export function timelineDeps(s: Services): { outbox: Pick<OutboxStore, "get"> } {
  return { outbox: s.outbox };
}
