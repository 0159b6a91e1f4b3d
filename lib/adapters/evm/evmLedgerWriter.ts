// The ledger seam's EVM writer: a batch becomes a CreditRegistry transaction with the slot as its nonce, the fee
// fields of the configured strategy and the gas limit of batchTransaction.ts, signed by the bank's key; submitting
// broadcasts the stored bytes, and tracking reads head, receipt and mined nonce from one endpoint.
import { planBatch, type BatchLimits } from "./batchPlanner.js";
import type { TransactionSnapshot } from "../../domain/ledgerTypes.js";
import type { TransactionSigner } from "./transactionSigner.js";
import type {
  BatchContent,
  DryRunVerdict,
  LedgerWriter,
  PreparedSubmission,
  PrepareRequest,
} from "../../ports/ledgerWriter.js";
import { batchCall, calldataOf, TRANSFER_GAS, type RegistryCalls } from "./batchTransaction.js";
import type { CreditRegistryLedger } from "./creditRegistryLedger.js";

/** The registry reads and writes the writer builds on. */
export type WriterRegistry = RegistryCalls &
  Pick<
    CreditRegistryLedger,
    "chainId" | "contractAddress" | "feeFields" | "simulateCall" | "broadcast" | "nonceOf" | "transactionSnapshot"
  >;

/** Options of {@link EvmLedgerWriter}. */
export interface EvmLedgerWriterOptions {
  registry: WriterRegistry;
  signer: TransactionSigner;
  /** Gas and size limits of one batch transaction. */
  batch: BatchLimits;
}

/** Writes batches to the CreditRegistry as transactions signed by one key. */
export class EvmLedgerWriter implements LedgerWriter {
  readonly recordsPerBatch: number;
  private readonly registry: WriterRegistry;
  private readonly signer: TransactionSigner;
  private readonly limits: BatchLimits;

  constructor(options: EvmLedgerWriterOptions) {
    this.registry = options.registry;
    this.signer = options.signer;
    this.limits = options.batch;
    this.recordsPerBatch = planBatch(options.batch.maxRecords, options.batch).count;
  }

  account(): Promise<string> {
    return this.signer.getAddress();
  }

  unpreparable(content: BatchContent): string | null {
    try {
      calldataOf(this.registry, content);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message.slice(0, 300) : String(error);
    }
  }

  dryRun(account: string, content: BatchContent, atLeastBlock?: number): Promise<DryRunVerdict> {
    return this.registry.simulateCall(account, calldataOf(this.registry, content), atLeastBlock);
  }

  async prepare(request: PrepareRequest): Promise<PreparedSubmission> {
    const call = await batchCall(this.registry, request, this.limits);
    return this.sign({ to: this.registry.contractAddress, ...call }, request.slot);
  }

  prepareFiller(account: string, slot: number): Promise<PreparedSubmission> {
    return this.sign({ to: account, data: "0x", gasLimit: TRANSFER_GAS }, slot);
  }

  submit(prepared: PreparedSubmission): Promise<void> {
    return this.registry.broadcast({ raw: prepared.payload, hash: prepared.id, nonce: prepared.slot });
  }

  slotsUsed(account: string): Promise<number> {
    return this.registry.nonceOf(account, "latest");
  }

  track(
    submission: { id: string; account: string; slot: number },
    confirmations: number,
  ): Promise<TransactionSnapshot> {
    const { id: hash, account: from, slot: nonce } = submission;
    return this.registry.transactionSnapshot({ hash, from, nonce }, confirmations);
  }

  private async sign(call: { to: string; data: string; gasLimit: bigint }, nonce: number): Promise<PreparedSubmission> {
    const { chainId } = this.registry;
    const signed = await this.signer.signTransaction({ ...call, nonce, chainId, ...(await this.registry.feeFields()) });
    return { id: signed.hash, payload: signed.raw, slot: nonce };
  }
}
