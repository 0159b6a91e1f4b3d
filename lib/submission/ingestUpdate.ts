// Ingest: validates a credit update, pseudonymises the subject, commits to the record and stores it in the outbox
// once. Invalid input is answered with a `rejected` result (never retried); a replay is answered again with the
// stored status, so a crash between storing and answering loses nothing and duplicates nothing.
import { canonicalJson, recordCommitment, SALT_BYTES } from "../domain/commitment.js";
import { parseCreditUpdate, type FieldError } from "../domain/creditUpdate.js";
import { toRecordInput, updateIdHash } from "../domain/recordInput.js";
import { subjectKey } from "../domain/subject.js";
import type { Clock, OutboxEntry, OutboxStore, Random, ResultPublisher } from "../ports.js";

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
  const now = deps.clock.now().toISOString();
  const parsed = parseCreditUpdate(input.body, { scoreRange: deps.settings.scoreRange, now: deps.clock.now() });
  if (!parsed.ok) {
    const updateId = claimedUpdateId(input);
    await deps.results.publish([{ updateId, status: "rejected", reason: describeErrors(parsed.errors), at: now }]);
    return { outcome: "rejected", updateId, errors: parsed.errors };
  }
  const update = parsed.update;
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
  const stored = await deps.outbox.add(entry);
  if (!stored.created) return answerReplay(deps, stored.entry, entry, now);
  await deps.results.publish([{ updateId: update.updateId, status: "accepted", at: now }]);
  return { outcome: "accepted", updateId: update.updateId, subjectKey: key };
}

async function answerReplay(
  deps: IngestDeps,
  existing: OutboxEntry,
  replay: OutboxEntry,
  now: string,
): Promise<IngestOutcome> {
  if (canonicalJson(existing.record) !== canonicalJson(replay.record)) {
    const reason = "updateId: already used for a different update";
    await deps.results.publish([{ updateId: replay.updateId, status: "rejected", reason, at: now }]);
    return {
      outcome: "rejected",
      updateId: replay.updateId,
      errors: [{ field: "updateId", message: reason.slice(10) }],
    };
  }
  if (existing.status === "accepted") {
    // The first attempt may have crashed after storing: list it again and repeat the (idempotent) answer.
    await deps.outbox.ensurePending(existing);
    await deps.results.publish([{ updateId: existing.updateId, status: "accepted", at: existing.acceptedAt }]);
  }
  return { outcome: "duplicate", updateId: existing.updateId, status: existing.status };
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
