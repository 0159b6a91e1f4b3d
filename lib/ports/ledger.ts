// The ledger seam's read side (Ledger) and a transaction lookup. Use cases depend on these interfaces only;
// lib/adapters/evm implements them, lib/composition wires them. The write side is lib/ports/ledgerWriter.ts.
import type {
  EventRange,
  LedgerReceipt,
  OnChainRecord,
  RecordEvent,
  RecordUpsertedEvent,
  UpsertKey,
} from "../domain/ledgerTypes.js";
import type { GovernanceState } from "../domain/governanceChain.js";

/**
 * The consortium ledger's read side (the CreditRegistry on the validators' JSON-RPC endpoints): records, events and
 * membership. Writing goes through {@link LedgerWriter} (lib/ports/ledgerWriter.ts).
 */
export interface Ledger {
  readonly contractAddress: string;
  blockNumber(): Promise<number>;
  /** Members, the approvals a proposal needs and the newest `limit` proposals, all read at one block of one node. */
  governanceState(limit: number): Promise<GovernanceState>;
  /** The receipt with decoded business events, or null while the transaction is not mined. */
  receipt(txHash: string): Promise<LedgerReceipt | null>;
  /** The canonical block hash at a height, from an endpoint that has it; null when none has it. */
  blockHash(blockNumber: number): Promise<string | null>;
  /**
   * The issuer's current record of a subject, or null. With `atLeastBlock`, read from an endpoint whose head is at
   * or past that block (a decision about a record written there must not come from a node that has not seen it).
   */
  getRecord(subjectKey: string, issuer: string, atLeastBlock?: number): Promise<OnChainRecord | null>;
  getRecords(subjectKey: string): Promise<{ issuer: string; record: OnChainRecord }[]>;
  isMember(address: string): Promise<boolean>;
  members(): Promise<string[]>;
  /** Registry events in the inclusive block range (the caller keeps ranges small). */
  recordEvents(fromBlock: number, toBlock: number): Promise<RecordEvent[]>;
  /** {@link Ledger.recordEvents} with the range's last block hash, both from one endpoint that holds that block. */
  eventRange(fromBlock: number, toBlock: number): Promise<EventRange>;
  /** The `RecordUpserted` events of one (subject, issuer, update) in one block, by indexed topics (a verifier's lookup). */
  upsertedEvents(key: UpsertKey): Promise<RecordUpsertedEvent[]>;
}

/** Who sent a mined transaction, and with which nonce (eth_getTransactionByHash). */
export interface TransactionLookup {
  sender(txHash: string): Promise<{ from: string; nonce: number } | null>;
}
