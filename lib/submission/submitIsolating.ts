// Prepares and stores a batch so that no record can stop the bank: a batch failing for a reason that points at its
// records (not at a shared dependency) is retried once, cleared of records the ABI cannot encode, then halved until
// the records that fail alone are found and failed with the reason, while every other record is sent.
import { isAppError } from "../domain/appError.js";
import type { BatchEntry } from "../domain/confirmation.js";
import type { BatchContent } from "../ports/ledgerWriter.js";
import type { OutboxEntry } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { announce } from "./announceTransaction.js";
import { batchContent } from "./batchContent.js";
import { failUnsubmittable, screenEncodable } from "./failUnsubmittable.js";
import type { SubmitDeps, SubmittedBatch } from "./submitDeps.js";

/** One attempt at a batch: where it goes, how to read its nonce, and what the step did so far. */
export interface Attempt {
  address: string;
  batch: OutboxEntry[];
  nonceOf: () => Promise<{ nonce: number; version: string | null }> | { nonce: number; version: string | null };
  submitted: SubmittedBatch[];
  failed: string[];
  /** A tombstone of ours is in flight (the writer prepares for the worst case, not for the current state). */
  tombstoneInFlight?: boolean;
}

/**
 * Signs, stores and announces a batch. A failure of a shared dependency (any retryable error: a node, Key Vault or
 * storage unreachable or throttled, another writer) fails the step. Any other failure is tried once more, then the
 * records the encoder refuses are failed, and the batch is split in halves, each tried on its own: records that fail
 * alone while other records of the batch succeed are failed with the reason; if both halves fail, nothing points at
 * a record and the error fails the step, to be retried with back-off.
 */
export async function submitIsolating(deps: SubmitDeps, attempt: Attempt, dependencyWorks = false): Promise<void> {
  const error = await trySubmit(deps, attempt);
  if (error === null) return;
  const again = dependencyWorks
    ? error
    : await trySubmit(deps, { ...attempt, nonceOf: () => freshNonce(deps, attempt) });
  if (again === null) return;
  const { encodable, unencodable } = screenEncodable(deps.writer, attempt.batch);
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
  const { nonce, version } = await attempt.nonceOf();
  const content = batchContent(batch);
  const tombstoneInFlight = attempt.tombstoneInFlight === true;
  const prepared = await deps.writer.prepare({ account: address, content, slot: nonce, tombstoneInFlight });
  const kind = kindOf(content);
  const stored: StoredTransaction = {
    address,
    nonce,
    hash: prepared.id,
    raw: prepared.payload,
    entries: batch.map(toBatchEntry),
    ...(kind ? { kind } : {}),
    status: "signed",
    createdAt: deps.clock.now().toISOString(),
    broadcasts: 0,
  };
  await deps.transactions.commit(stored, version);
  return stored;
}

function kindOf(content: BatchContent): StoredTransaction["kind"] {
  if (content.kind === "erasures") return "erasure";
  return content.kind === "governance" ? "governance" : undefined;
}

function freshNonce(deps: SubmitDeps, attempt: Attempt) {
  return deps.transactions.nextNonce(attempt.address);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

function toBatchEntry(entry: OutboxEntry): BatchEntry {
  return { updateId: entry.updateId, updateIdHash: entry.updateIdHash, subjectKey: entry.input.subjectKey };
}
