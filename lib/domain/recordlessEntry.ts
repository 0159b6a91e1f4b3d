// An outbox entry that carries no credit record (a tombstone, a governance action): accepted at once, its record and
// salt null, and an `input` of zeros around its subject key and hashed id, the fields the row layout needs.
import type { OutboxEntry } from "../ports/outbox.js";
import { updateIdHash } from "./recordInput.js";

const ZERO_WORD = `0x${"0".repeat(64)}`;

/** The entry `updateId` of `kind`, for `subjectKey` (the zero word when it concerns no subject), accepted at `at`. */
export function recordlessEntry(
  updateId: string,
  kind: NonNullable<OutboxEntry["kind"]>,
  at: string,
  subjectKey = ZERO_WORD,
): OutboxEntry {
  const hash = updateIdHash(updateId);
  return {
    updateId,
    updateIdHash: hash,
    kind,
    record: null,
    salt: null,
    input: { subjectKey, score: 0, scoreModel: `0x${"0".repeat(32)}`, asOf: 0n, recordHash: ZERO_WORD, updateId: hash },
    status: "accepted",
    receivedAt: at,
    acceptedAt: at,
  };
}
