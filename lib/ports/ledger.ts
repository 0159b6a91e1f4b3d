// The chain seam: the consortium ledger, the transaction signer and a transaction lookup. Use cases depend on these
// interfaces only; lib/adapters/evm and lib/adapters/keyvault implement them, lib/composition wires them.
import type {
  EraseInput,
  EventRange,
  FeeFields,
  LedgerReceipt,
  OnChainRecord,
  RecordEvent,
  RecordInput,
  RecordUpsertedEvent,
  SignedTransaction,
  TransactionSnapshot,
  UnsignedTransaction,
  UpsertKey,
} from "../domain/ledgerTypes.js";
import type { GovernanceState, MembershipChange } from "../domain/governanceChain.js";

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
  /** Calldata for `eraseBatch(erasures)` (tombstones of the sender's records). */
  encodeEraseBatch(erasures: readonly EraseInput[]): string;
  /** Calldata for `propose(add | remove, account)`. */
  encodePropose(change: MembershipChange, account: string): string;
  /** Calldata for `approve(proposalId)`. */
  encodeApprove(proposalId: number): string;
  /**
   * Dry-runs `data` against the registry as `from`, with `atLeastBlock` on an endpoint at or past that block; a
   * revert comes back decoded, e.g. `AlreadyApproved(3, 0x…)`.
   */
  simulateCall(
    from: string,
    data: string,
    atLeastBlock?: number,
  ): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Members, the approvals a proposal needs and the newest `limit` proposals, all read at one block of one node. */
  governanceState(limit: number): Promise<GovernanceState>;
  /** Broadcasts signed bytes (to every healthy endpoint); an "already known" answer counts as success. */
  broadcast(signed: SignedTransaction): Promise<void>;
  /** The receipt with decoded business events, or null while the transaction is not mined. */
  receipt(txHash: string): Promise<LedgerReceipt | null>;
  /**
   * Head, receipt and the sender's mined nonce, all from one endpoint (and, for `confirmations` over one, that
   * endpoint's canonical hash at the receipt's height): the reads a confirmation decides on (DESIGN §6.3).
   */
  transactionSnapshot(
    tx: { hash: string; from: string; nonce: number },
    confirmations: number,
  ): Promise<TransactionSnapshot>;
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
  /** Dry-runs `upsertBatch(records)` as `from`; a revert comes back decoded, e.g. `NotMember(0x…)`. */
  simulateUpsertBatch(
    from: string,
    records: readonly RecordInput[],
  ): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Gas `upsertBatch(records)` sent by `from` needs on the current state; null if it would revert or no node can tell now. */
  estimateUpsertBatchGas(from: string, records: readonly RecordInput[]): Promise<bigint | null>;
  /** Registry events in the inclusive block range (the caller keeps ranges small). */
  recordEvents(fromBlock: number, toBlock: number): Promise<RecordEvent[]>;
  /** {@link Ledger.recordEvents} with the range's last block hash, both from one endpoint that holds that block. */
  eventRange(fromBlock: number, toBlock: number): Promise<EventRange>;
  /** The `RecordUpserted` events of one (subject, issuer, update) in one block, by indexed topics (a verifier's lookup). */
  upsertedEvents(key: UpsertKey): Promise<RecordUpsertedEvent[]>;
}

/** Signs transactions with the bank's key (Key Vault in production). */
export interface TransactionSigner {
  /** The checksummed address of the signing key. */
  getAddress(): Promise<string>;
  signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction>;
}

/** Who sent a mined transaction, and with which nonce (eth_getTransactionByHash). */
export interface TransactionLookup {
  sender(txHash: string): Promise<{ from: string; nonce: number } | null>;
}
