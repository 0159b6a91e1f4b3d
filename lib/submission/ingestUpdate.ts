// Ingest: validates each inbound message, pseudonymises the subject, commits to the record and stores it in the
// outbox once, answering every message with one result. A message is only ever refused for itself: invalid input,
// a conflicting reuse of an update id, or a row storage refuses gets that message's answer (scope "message") and
// never fails its neighbours; only a shared dependency failing (storage or the bus unreachable) fails the batch, which
// is then redelivered safely, since every step is idempotent per updateId.
import { isAppError, type AppError } from "../domain/appError.js";
import type { FieldError } from "../domain/creditUpdate.js";
import type { OutboxEntry, OutboxStore } from "../ports/outbox.js";
import type { ResultPublisher, UpdateResult } from "../ports/submission.js";
import { sameUpdate, screenMessage, type IngestInput, type ScreenDeps } from "./screenMessage.js";

export type { IngestInput } from "./screenMessage.js";

/** What ingest needs. */
export interface IngestDeps extends ScreenDeps {
  outbox: OutboxStore;
  results: ResultPublisher;
}

/** What happened to the message. */
export type IngestOutcome =
  | { outcome: "accepted"; updateId: string; subjectKey: string }
  | { outcome: "duplicate"; updateId: string; status: OutboxEntry["status"] }
  | { outcome: "rejected"; updateId: string; errors: FieldError[] }
  | { outcome: "conflict"; updateId: string };

type Stored = { created: boolean; entry: OutboxEntry } | { refused: AppError };

const CONFLICT_REASON = "updateId: already used for a different update, which this message leaves unchanged";

/** Ingests one credit update message. */
export async function ingestUpdate(deps: IngestDeps, input: IngestInput): Promise<IngestOutcome> {
  return (await ingestUpdates(deps, [input]))[0] as IngestOutcome;
}

/**
 * Ingests a batch of messages: screens each, stores the new ones together (a few storage requests for the whole
 * batch) and answers every message in one results send. Outcomes are in input order; a message repeating an earlier
 * one of the same batch is answered as a duplicate of it.
 */
export async function ingestUpdates(deps: IngestDeps, inputs: readonly IngestInput[]): Promise<IngestOutcome[]> {
  const now = deps.clock.now().toISOString();
  const screened = inputs.map((input) => screenMessage(deps, input, now));
  const candidates = screened.flatMap((s, index) =>
    s.ok ? [{ index, entry: s.entry, subjectKey: s.subjectKey }] : [],
  );
  const stored = await storeEach(
    deps.outbox,
    candidates.map((c) => c.entry),
  );
  const answers: (UpdateResult | undefined)[] = [];
  const outcomes: IngestOutcome[] = [];
  screened.forEach((s, index) => {
    if (s.ok) return;
    const updateId = s.claimedId ?? inputs[index]?.messageId ?? "(unknown)";
    answers[index] = refusal(inputs[index], updateId, "rejected", describeErrors(s.errors), now);
    outcomes[index] = { outcome: "rejected", updateId, errors: s.errors };
  });
  const answered = new Set<string>();
  const relist: OutboxEntry[] = [];
  candidates.forEach(({ index, entry, subjectKey }, i) => {
    const result = stored[i] as Stored;
    const updateId = entry.updateId;
    if ("refused" in result) {
      const errors = [{ field: "(body)", message: `could not be stored: ${result.refused.message}` }];
      answers[index] = refusal(inputs[index], updateId, "rejected", describeErrors(errors), now);
      outcomes[index] = { outcome: "rejected", updateId, errors };
    } else if (result.created) {
      answered.add(updateId);
      answers[index] = { updateId, status: "accepted", at: now };
      outcomes[index] = { outcome: "accepted", updateId, subjectKey };
    } else if (!sameUpdate(result.entry, entry)) {
      answers[index] = refusal(inputs[index], updateId, "conflict", CONFLICT_REASON, now);
      outcomes[index] = { outcome: "conflict", updateId };
    } else {
      outcomes[index] = { outcome: "duplicate", updateId, status: result.entry.status };
      if (result.entry.status !== "accepted" || answered.has(updateId)) return;
      // Accepted by an earlier attempt, which may have crashed between storing and listing or answering: list it
      // and answer again (both idempotent), once per batch.
      answered.add(updateId);
      relist.push(result.entry);
      answers[index] = { updateId, status: "accepted", at: result.entry.acceptedAt };
    }
  });
  await Promise.all(relist.map((entry) => deps.outbox.ensurePending(entry)));
  await deps.results.publish(answers.filter((a) => a !== undefined));
  return outcomes;
}

/**
 * Stores the entries together; when storage refuses the request itself (a final error such as TOO_LARGE), one by
 * one, so that only the entry it refuses is refused. Retryable and unknown errors fail the batch.
 */
async function storeEach(outbox: OutboxStore, entries: readonly OutboxEntry[]): Promise<Stored[]> {
  const refused = (error: unknown): error is AppError => isAppError(error) && !error.retryable;
  try {
    return await outbox.addMany(entries);
  } catch (error) {
    if (!refused(error)) throw error;
    return Promise.all(
      entries.map((entry) =>
        outbox.add(entry).catch((e: unknown): Stored => {
          if (refused(e)) return { refused: e };
          throw e;
        }),
      ),
    );
  }
}

/** The answer to a message that did not become an update (its own result, keyed by the message). */
function refusal(
  input: IngestInput | undefined,
  updateId: string,
  status: "rejected" | "conflict",
  reason: string,
  at: string,
): UpdateResult {
  return { updateId, messageId: input?.messageId, scope: "message", status, reason, at };
}

function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join("; ");
}
