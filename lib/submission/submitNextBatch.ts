// The submitter's step, run by the one writer of a signing key: finish any transaction a crash left signed but
// unannounced, then plan the next batch, assign its nonce at source, sign it (for the gas the node estimates it
// needs, capped at the planned worst case), store the signed bytes together with the nonce, mark its updates
// submitted, and only then broadcast.
import { isAppError } from "../domain/appError.js";
import { gasLimitFor, planBatch, type BatchLimits } from "../domain/batchPlanner.js";
import type { BatchEntry } from "../domain/confirmation.js";
import type {
  Clock,
  Ledger,
  OutboxEntry,
  OutboxStore,
  ResultPublisher,
  StoredTransaction,
  TransactionSigner,
  TransactionStore,
} from "../ports.js";
import { broadcastStored, type BroadcastOutcome } from "./broadcastStored.js";
import { dropTransaction } from "./dropTransaction.js";
import { failUnsubmittable, screenEncodable } from "./failUnsubmittable.js";

/** What the submitter needs. */
export interface SubmitDeps {
  outbox: OutboxStore;
  transactions: TransactionStore;
  ledger: Ledger;
  signer: TransactionSigner;
  results: ResultPublisher;
  clock: Clock;
  settings: { batch: BatchLimits };
}

/** A transaction the step stored (and tried to broadcast). */
export interface SubmittedBatch {
  address: string;
  nonce: number;
  txHash: string;
  updateIds: string[];
  broadcast: BroadcastOutcome["status"];
}

/**
 * What the step did: transactions it finished or created, oldest first (empty when there was nothing to do), and
 * the updates it failed because no transaction could carry them.
 */
export interface SubmitResult {
  submitted: SubmittedBatch[];
  failed: string[];
}

/** Runs one submitter step. A CONFLICT error means another writer holds the key: stop and let it work. */
export async function submitNextBatch(deps: SubmitDeps): Promise<SubmitResult> {
  const address = await deps.signer.getAddress();
  // Read the nonce first: a transaction another writer stores after this read makes our commit fail, and one it
  // stored before is visible below: finished if it was left signed, and its updates never batched again.
  const { nonce, version } = await deps.transactions.nextNonce(address);
  const submitted: SubmittedBatch[] = [];
  const unfinished = await deps.transactions.unfinished(address);
  for (const tx of unfinished.filter((t) => t.status === "signed")) {
    submitted.push(await announce(deps, tx, await entriesOf(deps.outbox, tx)));
  }
  const pending = await claimable(deps, unfinished);
  const batch = pending.slice(0, planBatch(pending.length, deps.settings.batch).count);
  if (batch.length === 0) return { submitted, failed: [] };
  const failed: string[] = [];
  const first = () => ({ nonce, version });
  await submitIsolating(deps, { address, batch, nonceOf: first, submitted, failed });
  return { submitted, failed };
}

/** One attempt at a batch: where it goes, how to read its nonce, and what the step did so far. */
interface Attempt {
  address: string;
  batch: OutboxEntry[];
  nonceOf: () => Promise<{ nonce: number; version: string | null }> | { nonce: number; version: string | null };
  submitted: SubmittedBatch[];
  failed: string[];
}

/**
 * Signs, stores and announces a batch. A failure of a shared dependency (any retryable error: a node, Key Vault or
 * storage unreachable or throttled, another writer) fails the step. Any other failure is tried once more, then the
 * records the encoder refuses are failed, and the batch is split in halves, each tried on its own: records that fail
 * alone while other records of the batch succeed are failed with the reason; if both halves fail, nothing points at
 * a record and the error fails the step, to be retried with back-off.
 */
async function submitIsolating(deps: SubmitDeps, attempt: Attempt, dependencyWorks = false): Promise<void> {
  const error = await trySubmit(deps, attempt);
  if (error === null) return;
  const again = dependencyWorks
    ? error
    : await trySubmit(deps, { ...attempt, nonceOf: () => freshNonce(deps, attempt) });
  if (again === null) return;
  const { encodable, unencodable } = screenEncodable(deps.ledger, attempt.batch);
  for (const { entry, reason } of unencodable) {
    attempt.failed.push(...(await failUnsubmittable(deps, [entry], `cannot be encoded for upsertBatch: ${reason}`)));
  }
  if (unencodable.length > 0 && encodable.length > 0) {
    return submitIsolating(deps, { ...attempt, batch: encodable, nonceOf: () => freshNonce(deps, attempt) }, true);
  }
  if (unencodable.length > 0) return;
  if (attempt.batch.length === 1) {
    if (!dependencyWorks) throw again;
    const reason = `could not be signed or stored on its own: ${describe(again)}`;
    attempt.failed.push(...(await failUnsubmittable(deps, attempt.batch, reason)));
    return;
  }
  const half = Math.ceil(attempt.batch.length / 2);
  const halves = [attempt.batch.slice(0, half), attempt.batch.slice(half)];
  const errors = [];
  for (const part of halves)
    errors.push(await trySubmit(deps, { ...attempt, batch: part, nonceOf: () => freshNonce(deps, attempt) }));
  if (!dependencyWorks && errors.every((e) => e !== null)) throw again;
  for (const [i, part] of halves.entries()) {
    if (errors[i] !== null)
      await submitIsolating(deps, { ...attempt, batch: part, nonceOf: () => freshNonce(deps, attempt) }, true);
  }
}

/** Submits the attempt's batch; the error when it failed for a reason other than a shared dependency's, else null. */
async function trySubmit(deps: SubmitDeps, attempt: Attempt): Promise<unknown> {
  let stored: StoredTransaction;
  try {
    stored = await signAndStore(deps, attempt);
  } catch (error) {
    if (isAppError(error) && error.retryable) throw error;
    return error;
  }
  // Stored: its nonce is taken. Whatever fails from here on fails the step, and the next step announces it again.
  attempt.submitted.push(await announce(deps, stored, attempt.batch));
  return null;
}

async function signAndStore(deps: SubmitDeps, attempt: Attempt): Promise<StoredTransaction> {
  const { address, batch } = attempt;
  const records = batch.map((e) => e.input);
  const plan = planBatch(batch.length, deps.settings.batch);
  const { nonce, version } = await attempt.nonceOf();
  const signed = await deps.signer.signTransaction({
    to: deps.ledger.contractAddress,
    data: deps.ledger.encodeUpsertBatch(records),
    nonce,
    gasLimit: gasLimitFor(plan, await deps.ledger.estimateUpsertBatchGas(address, records)),
    chainId: deps.ledger.chainId,
    ...(await deps.ledger.feeFields()),
  });
  const stored: StoredTransaction = {
    address,
    nonce,
    hash: signed.hash,
    raw: signed.raw,
    entries: batch.map(toBatchEntry),
    status: "signed",
    createdAt: deps.clock.now().toISOString(),
    broadcasts: 0,
  };
  await deps.transactions.commit(stored, version);
  return stored;
}

/**
 * The pending entries no live transaction carries. Read after the unfinished transactions, never alongside: a batch
 * another writer stored before our nonce read is either still unfinished (its updates are left out here, and their
 * stale listings removed) or already announced, which took its updates off the pending list before this read.
 */
async function claimable(deps: SubmitDeps, unfinished: readonly StoredTransaction[]): Promise<OutboxEntry[]> {
  const inFlight = new Set(unfinished.flatMap((tx) => tx.entries.map((e) => e.updateId)));
  const listed = await deps.outbox.pending(deps.settings.batch.maxRecords);
  const stale = listed.filter((e) => inFlight.has(e.updateId));
  if (stale.length > 0) await deps.outbox.unlist(stale);
  return listed.filter((e) => !inFlight.has(e.updateId));
}

function freshNonce(deps: SubmitDeps, attempt: Attempt) {
  return deps.transactions.nextNonce(attempt.address);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * Marks the updates submitted, then broadcasts. An unreachable chain is left to the confirmation monitor; a node's
 * final verdict drops the transaction and requeues its updates.
 */
async function announce(deps: SubmitDeps, tx: StoredTransaction, entries: OutboxEntry[]): Promise<SubmittedBatch> {
  await deps.outbox.markSubmitted(entries, { txHash: tx.hash, nonce: tx.nonce, at: deps.clock.now().toISOString() });
  const outcome = await broadcastStored(deps, tx);
  if (outcome.status === "rejected") await dropTransaction(deps, tx, outcome.error.message);
  const updateIds = tx.entries.map((e) => e.updateId);
  return { address: tx.address, nonce: tx.nonce, txHash: tx.hash, updateIds, broadcast: outcome.status };
}

async function entriesOf(outbox: OutboxStore, tx: StoredTransaction): Promise<OutboxEntry[]> {
  const entries = await Promise.all(tx.entries.map((e) => outbox.get(e.updateId)));
  return entries.filter((e): e is OutboxEntry => e !== null);
}

function toBatchEntry(entry: OutboxEntry): BatchEntry {
  return { updateId: entry.updateId, updateIdHash: entry.updateIdHash, subjectKey: entry.input.subjectKey };
}
