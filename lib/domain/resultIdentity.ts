// The identity of a result message, which the results queue's duplicate detection keys on: an update's result once per
// (update, status); a refused message's answer once per (message, answer), in a key space of its own, so that an
// answer to a message can never suppress, or be mistaken for, the result of the update whose id it names.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { UpdateResult } from "../ports/submission.js";
import { updateIdHash } from "./recordInput.js";

/** The Service Bus message id of a result (at most 75 characters, within the 128 the service allows). */
export function resultMessageId(result: UpdateResult): string {
  if (result.scope !== "message") return `${updateIdHash(result.updateId).slice(2)}:${result.status}`;
  const answer = [result.messageId ?? result.updateId, result.status, result.reason ?? ""].join("\n");
  return `message:${bytesToHex(keccak_256(utf8ToBytes(answer)))}`;
}

/** The result as the bank reads it: every result names its message and its scope. */
export function resultBody(result: UpdateResult): UpdateResult {
  return { ...result, messageId: result.messageId ?? result.updateId, scope: result.scope ?? "update" };
}
