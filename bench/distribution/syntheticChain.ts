// A chain stand-in for the distribution benchmark: `count` generated credit updates of this bank, already "mined"
// `perBlock` to a block, served through the Ledger methods the watcher uses, and the outbox entries the dispatcher
// opens them with. Keeps the benchmark about storage and messaging, not about anvil.
import { randomBytes } from "node:crypto";
import { recordCommitment } from "../../lib/domain/commitment.js";
import type { RecordUpsertedEvent } from "../../lib/domain/ledgerTypes.js";
import { toRecordInput, updateIdHash } from "../../lib/domain/recordInput.js";
import { subjectKey } from "../../lib/domain/subject.js";
import type { Ledger } from "../../lib/ports/ledger.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import { generateUpdates } from "../../local/bank/generateUpdates.js";

/** The synthetic chain: its ledger view and the outbox entries behind its events. */
export interface SyntheticChain {
  ledger: Pick<Ledger, "contractAddress" | "blockNumber" | "eventRange" | "blockHash">;
  entries: OutboxEntry[];
  startBlock: number;
}

const hex32 = () => "0x" + randomBytes(32).toString("hex");
const blockHashOf = (blockNumber: number) => "0x" + blockNumber.toString(16).padStart(64, "0");

/** `count` records of `issuer`, `perBlock` per block from block 1. */
export function syntheticChain(count: number, perBlock: number, issuer: string): SyntheticChain {
  const secret = randomBytes(32);
  const acceptedAt = new Date().toISOString();
  const entries = generateUpdates(count, { bank: "bank-a", seed: "distribution-bench" }).map((update) => {
    const salt = hex32();
    const input = toRecordInput(update, subjectKey(update.subject, secret), recordCommitment(update, salt));
    const entry: OutboxEntry = {
      updateId: update.updateId,
      updateIdHash: updateIdHash(update.updateId),
      status: "confirmed",
      record: update,
      salt,
      input,
      receivedAt: acceptedAt,
      acceptedAt,
    };
    return entry;
  });
  const blocks = new Map<number, RecordUpsertedEvent[]>();
  entries.forEach((entry, n) => {
    const blockNumber = 1 + Math.floor(n / perBlock);
    const txHash = blockHashOf(blockNumber);
    const event: RecordUpsertedEvent = {
      kind: "upserted",
      ...entry.input,
      issuer,
      txHash,
      blockNumber,
      blockHash: txHash,
      logIndex: n % perBlock,
    };
    blocks.set(blockNumber, [...(blocks.get(blockNumber) ?? []), event]);
  });
  const head = Math.max(1, ...blocks.keys());
  return {
    entries,
    startBlock: 1,
    ledger: {
      contractAddress: "0x" + "c0".repeat(20),
      blockNumber: async () => head,
      eventRange: async (from, to) => {
        const events: RecordUpsertedEvent[] = [];
        for (let b = from; b <= to; b++) events.push(...(blocks.get(b) ?? []));
        return { events, toBlockHash: blockHashOf(to) };
      },
      blockHash: async (blockNumber) => (blockNumber <= head ? blockHashOf(blockNumber) : null),
    },
  };
}
