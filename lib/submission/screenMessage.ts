// The per-message part of ingest: validates one inbound message and builds its outbox entry, or says which field is
// wrong. Anything that goes wrong here concerns this message alone, so even an unexpected exception becomes this
// message's rejection instead of failing its batch.
import { canonicalJson, recordCommitment, SALT_BYTES } from "../domain/commitment.js";
import { parseCreditUpdate, type CreditUpdate, type FieldError } from "../domain/creditUpdate.js";
import { MAX_UPDATE_ID_LENGTH } from "../domain/creditUpdateSchema.js";
import { toRecordInput, updateIdHash } from "../domain/recordInput.js";
import { subjectKey } from "../domain/subject.js";
import type { Clock, Random } from "../ports/runtime.js";
import type { OutboxEntry } from "../ports/outbox.js";

/** What screening needs. */
export interface ScreenDeps {
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

/** A message ready to store, or refused with the fields at fault and the update id it claimed, if any. */
export type Screened =
  { ok: true; entry: OutboxEntry; subjectKey: string } | { ok: false; claimedId: string | null; errors: FieldError[] };

/** Validates one message and builds its entry (`now` as acceptance time). */
export function screenMessage(deps: ScreenDeps, input: IngestInput, now: string): Screened {
  const refuse = (errors: FieldError[]): Screened => ({ ok: false, claimedId: claimedUpdateId(input.body), errors });
  try {
    const parsed = parseCreditUpdate(input.body, { scoreRange: deps.settings.scoreRange, now: deps.clock.now() });
    if (!parsed.ok) return refuse(parsed.errors);
    const { messageId } = input;
    if (messageId !== undefined && messageId !== parsed.update.updateId) {
      return refuse([{ field: "messageId", message: "must equal the body's updateId (the idempotency key is both)" }]);
    }
    return { ok: true, ...newEntry(deps, parsed.update, now) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return refuse([{ field: "(body)", message: `could not be processed: ${text.slice(0, 200)}` }]);
  }
}

/** Whether an entry holds the same update as another (a faithful resend rather than a conflicting one). */
export function sameUpdate(a: OutboxEntry, b: OutboxEntry): boolean {
  return canonicalJson(a.record) === canonicalJson(b.record);
}

function newEntry(deps: ScreenDeps, update: CreditUpdate, now: string): { entry: OutboxEntry; subjectKey: string } {
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

/** The update id a body names, if it names a usable one (for answering a refused message). */
function claimedUpdateId(body: unknown): string | null {
  let value = body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  const id = typeof value === "object" && value !== null ? (value as { updateId?: unknown }).updateId : undefined;
  return typeof id === "string" && id.length > 0 && id.length <= MAX_UPDATE_ID_LENGTH ? id : null;
}
