// Builds realistic outbox entries for tests through the real domain functions.
import { recordCommitment } from "../../lib/domain/commitment.js";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { toRecordInput, updateIdHash } from "../../lib/domain/recordInput.js";
import { subjectKey } from "../../lib/domain/subject.js";
import type { UpdateEntry } from "../../lib/ports/outbox.js";

const secret = new Uint8Array(32).fill(3);

/** A valid credit update with a distinct subject per `n`. */
export function sampleUpdate(n: number, overrides: Partial<CreditUpdate> = {}): CreditUpdate {
  return {
    schemaVersion: 1,
    updateId: `bank-a/test/${n}`,
    subject: { scheme: "national-id", country: "SE", id: `19800101${String(n).padStart(4, "0")}` },
    score: 500 + (n % 300),
    scoreModel: "FICO8",
    asOf: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(),
    reasonCodes: [],
    attributes: {},
    ...overrides,
  };
}

/** An accepted outbox entry for `update`. */
export function sampleEntry(update: CreditUpdate, acceptedAt = "2026-11-22T10:00:00.000Z"): UpdateEntry {
  const salt = "0x" + "5a".repeat(32);
  const recordHash = recordCommitment(update, salt);
  return {
    updateId: update.updateId,
    updateIdHash: updateIdHash(update.updateId),
    status: "accepted",
    record: update,
    salt,
    input: toRecordInput(update, subjectKey(update.subject, secret), recordHash),
    receivedAt: acceptedAt,
    acceptedAt,
  };
}
