// Ingest: validates a credit update, pseudonymises the subject, commits to the record and stores it in the outbox
// once. Invalid input is answered with a `rejected` result (never retried); a replay is answered again with the
// stored status, so a crash between storing and answering loses nothing and duplicates nothing.
import { canonicalJson, recordCommitment, SALT_BYTES } from "../domain/commitment.js";
import { parseCreditUpdate, type CreditUpdate, type FieldError } from "../domain/creditUpdate.js";
import { toRecordInput, updateIdHash } from "../domain/recordInput.js";
import { subjectKey } from "../domain/subject.js";
import type { Clock, OutboxEntry, OutboxStore, Random, ResultPublisher, UpdateResult } from "../ports.js";

/** What ingest needs. */
export interface IngestDeps {
  outbox: OutboxStore;
  results: ResultPublisher;
  clock: Clock;
  random: Random;
  settings: { scoreRange: { min: number; max: number }; subjectKeySecret: Uint8Array };
}

/** One inbound message. */
export interface IngestInput {
  body: unknown;
  /** The Service Bus message id (the bank sets it to the updateId). */
  messageId?: string;
}

/** What happened to the message. */
export type IngestOutcome =
  | { outcome: "accepted"; updateId: string; subjectKey: string }
  | { outcome: "duplicate"; updateId: string; status: OutboxEntry["status"] }
  | { outcome: "rejected"; updateId: string; errors: FieldError[] };

/** Ingests one credit update message. */
export async function ingestUpdate(deps: IngestDeps, input: IngestInput): Promise<IngestOutcome> {
  return (await ingestUpdates(deps, [input]))[0] as IngestOutcome;
}

/**
 * Ingests a batch of messages: validates each, stores the new ones together (a few storage requests for the whole
 * batch) and answers every message in one results send. Outcomes are in input order; a message repeating an
 * earlier one of the same batch is answered as a duplicate of it.
 */
export async function ingestUpdates(deps: IngestDeps, inputs: readonly IngestInput[]): Promise<IngestOutcome[]> {
  const now = deps.clock.now().toISOString();
  const answers: (UpdateResult | undefined)[] = [];
  const outcomes: (IngestOutcome | undefined)[] = [];
  const candidates: { index: number; entry: OutboxEntry; subjectKey: string }[] = [];
  inputs.forEach((input, index) => {
    const parsed = parseCreditUpdate(input.body, { scoreRange: deps.settings.scoreRange, now: deps.clock.now() });
    if (parsed.ok) {
      candidates.push({ index, ...newEntry(deps, parsed.update, now) });
      return;
    }
    const updateId = claimedUpdateId(input);
    answers[index] = { updateId, status: "rejected", reason: describeErrors(parsed.errors), at: now };
    outcomes[index] = { outcome: "rejected", updateId, errors: parsed.errors };
  });
  const stored = await deps.outbox.addMany(candidates.map((c) => c.entry));
  const answered = new Set<string>();
  const relist: OutboxEntry[] = [];
  candidates.forEach(({ index, entry, subjectKey }, i) => {
    const { created, entry: existing } = stored[i] as { created: boolean; entry: OutboxEntry };
    const updateId = entry.updateId;
    if (created) {
      answered.add(updateId);
      answers[index] = { updateId, status: "accepted", at: now };
      outcomes[index] = { outcome: "accepted", updateId, subjectKey };
    } else if (canonicalJson(existing.record) !== canonicalJson(entry.record)) {
      const reason = "updateId: already used for a different update";
      answers[index] = { updateId, status: "rejected", reason, at: now };
      outcomes[index] = { outcome: "rejected", updateId, errors: [{ field: "updateId", message: reason.slice(10) }] };
    } else {
      outcomes[index] = { outcome: "duplicate", updateId, status: existing.status };
      if (existing.status !== "accepted" || answered.has(updateId)) return;
      // Accepted by an earlier attempt, which may have crashed between storing and listing or answering: list it
      // and answer again (both idempotent), once per batch.
      answered.add(updateId);
      relist.push(existing);
      answers[index] = { updateId, status: "accepted", at: existing.acceptedAt };
    }
  });
  await Promise.all(relist.map((entry) => deps.outbox.ensurePending(entry)));
  await deps.results.publish(answers.filter((a) => a !== undefined));
  return outcomes as IngestOutcome[];
}

function newEntry(deps: IngestDeps, update: CreditUpdate, now: string): { entry: OutboxEntry; subjectKey: string } {
  const key = subjectKey(update.subject, deps.settings.subjectKeySecret);
  const salt = deps.random.bytesHex(SALT_BYTES);
  const entry: OutboxEntry = {
    updateId: update.updateId,
    updateIdHash: updateIdHash(update.updateId),
    status: "accepted",
    record: update,
    salt,
    input: toRecordInput(update, key, recordCommitment(update, salt)),
    receivedAt: now,
    acceptedAt: now,
  };
  return { entry, subjectKey: key };
}

/** The update id the sender meant, for a rejection: the body's if it has a usable one, else the message id. */
function claimedUpdateId(input: IngestInput): string {
  let body = input.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      body = null;
    }
  }
  const fromBody = typeof body === "object" && body !== null ? (body as { updateId?: unknown }).updateId : undefined;
  if (typeof fromBody === "string" && fromBody.length > 0 && fromBody.length <= 128) return fromBody;
  return input.messageId ?? "(unknown)";
}

function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join("; ");
}
