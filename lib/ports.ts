// Interfaces for the outside world. Use cases depend on these only; lib/adapters implements them and
// lib/services.ts wires them. In-memory implementations for unit tests live in test/.
import type {
  FeeFields,
  LedgerReceipt,
  OnChainRecord,
  RecordEvent,
  RecordInput,
  SignedTransaction,
  UnsignedTransaction,
} from "./domain/ledgerTypes.js";

/** Time, injected so that tests and orchestrations control it. */
export interface Clock {
  now(): Date;
}

/** The consortium ledger (the CreditRegistry on the validators' JSON-RPC endpoints). */
export interface Ledger {
  readonly chainId: bigint;
  readonly contractAddress: string;
  blockNumber(): Promise<number>;
  /** The account's nonce: "latest" = mined transactions, "pending" = including the node's pool. */
  nonceOf(address: string, blockTag: "latest" | "pending"): Promise<number>;
  /** Fee fields for the next transaction, per the configured fee strategy. */
  feeFields(): Promise<FeeFields>;
  /** Calldata for `upsertBatch(records)`. */
  encodeUpsertBatch(records: readonly RecordInput[]): string;
  /** Broadcasts signed bytes (to every healthy endpoint); an "already known" answer counts as success. */
  broadcast(signed: SignedTransaction): Promise<void>;
  /** The receipt with decoded business events, or null while the transaction is not mined. */
  receipt(txHash: string): Promise<LedgerReceipt | null>;
  /** The canonical block hash at a height, or null above the head. */
  blockHash(blockNumber: number): Promise<string | null>;
  getRecord(subjectKey: string, issuer: string): Promise<OnChainRecord | null>;
  getRecords(subjectKey: string): Promise<{ issuer: string; record: OnChainRecord }[]>;
  isMember(address: string): Promise<boolean>;
  members(): Promise<string[]>;
  /** Registry events in the inclusive block range (the caller keeps ranges small). */
  recordEvents(fromBlock: number, toBlock: number): Promise<RecordEvent[]>;
}

/** Signs transactions with the bank's key (Key Vault in production). */
export interface TransactionSigner {
  /** The checksummed address of the signing key. */
  getAddress(): Promise<string>;
  signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction>;
}
