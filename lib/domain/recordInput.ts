// Maps a validated update to the contract's RecordInput: bytes16 score model, millisecond asOf, hashed update id.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import type { CreditUpdate } from "./creditUpdate.js";
import { parseInstant } from "./instant.js";
import type { RecordInput } from "./ledgerTypes.js";

/** The on-chain update id: keccak256 of the bank's update id (bytes32 hex). */
export function updateIdHash(updateId: string): string {
  return "0x" + bytesToHex(keccak_256(utf8ToBytes(updateId)));
}

/** The ASCII score model right-padded to bytes16 hex. */
export function scoreModelBytes16(scoreModel: string): string {
  const hex = bytesToHex(utf8ToBytes(scoreModel));
  if (hex.length > 32) throw new RangeError("scoreModel exceeds 16 bytes");
  return "0x" + hex.padEnd(32, "0");
}

/** Decodes a bytes16 score model back to its ASCII text. */
export function scoreModelText(bytes16: string): string {
  return new TextDecoder().decode(hexToBytes(bytes16.replace(/^0x/, ""))).replace(/\0+$/, "");
}

/** The record as `upsertBatch` takes it; a RangeError for an `asOf` that validation would have refused. */
export function toRecordInput(update: CreditUpdate, subjectKey: string, recordHash: string): RecordInput {
  const asOf = parseInstant(update.asOf);
  if (!asOf.ok || asOf.millis < 0) throw new RangeError(`asOf ${update.asOf} is not an instant after the epoch`);
  return {
    subjectKey,
    score: update.score,
    scoreModel: scoreModelBytes16(update.scoreModel),
    asOf: BigInt(asOf.millis),
    recordHash,
    updateId: updateIdHash(update.updateId),
  };
}
