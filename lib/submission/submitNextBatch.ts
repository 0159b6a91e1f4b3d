// The submitter's step, run by the one writer of a signing key: finish any transaction a crash left signed but
// unannounced, then plan the next batch, assign its nonce at source, sign it (for the gas the node estimates it
// needs, capped at the planned worst case), store the signed bytes together with the nonce, mark its updates
// submitted, and only then broadcast.
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

/** What the step did: transactions it finished or created, oldest first (empty when there was nothing to do). */
export interface SubmitResult {
  submitted: SubmittedBatch[];
}

/** Runs one submitter step. A CONFLICT error means another writer holds the key: stop and let it work. */
export async function submitNextBatch(deps: SubmitDeps): Promise<SubmitResult> {
  const address = await deps.signer.getAddress();
  // Read the nonce first: a transaction another writer stores after this read makes our commit fail, and one it
  // stored before is visible below and finished instead of being batched again.
  const { nonce, version } = await deps.transactions.nextNonce(address);
  const submitted: SubmittedBatch[] = [];
  const listPending = () => deps.outbox.pending(deps.settings.batch.maxRecords);
  const [unfinished, listed] = await Promise.all([deps.transactions.unfinished(address), listPending()]);
  let pending = listed;
  const leftovers = unfinished.filter((tx) => tx.status === "signed");
  for (const tx of leftovers) submitted.push(await announce(deps, tx, await entriesOf(deps.outbox, tx)));
  // Announcing a crash's leftover takes its updates off the pending list: read the list again after it.
  if (leftovers.length > 0) pending = await listPending();
  const plan = planBatch(pending.length, deps.settings.batch);
  if (plan.count === 0) return { submitted };
  const batch = pending.slice(0, plan.count);
  const records = batch.map((e) => e.input);
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
  submitted.push(await announce(deps, stored, batch));
  return { submitted };
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
