// An in-memory LedgerWriter, as strict as the EVM writer on anvil (test/ports/ledgerWriter.contract.ts): one sequence
// of slots per account mined in order, a resubmission of known bytes accepted, a used slot refused (NONCE_TOO_LOW), a
// stranger's batch refused (reverted when mined), receipts with one event per record.
import { createHash } from "node:crypto";
import { AppError } from "../../lib/domain/appError.js";
import type { LedgerReceipt, RecordEvent } from "../../lib/domain/ledgerTypes.js";
import type { TransactionSnapshot } from "../../lib/domain/ledgerTypes.js";
import type {
  BatchContent,
  DryRunVerdict,
  LedgerWriter,
  PreparedSubmission,
  PrepareRequest,
} from "../../lib/ports/ledgerWriter.js";

interface Submission {
  account: string;
  slot: number;
  content: BatchContent | null;
}

/** A ledger whose members are `members`, written by `account`; {@link MemoryLedgerWriter.mine} makes a block. */
export class MemoryLedgerWriter implements LedgerWriter {
  readonly recordsPerBatch: number;
  private readonly prepared = new Map<string, Submission>();
  private readonly pool = new Map<string, Submission>();
  private readonly receipts = new Map<string, LedgerReceipt>();
  private readonly used = new Map<string, number>();
  private head = 0;

  constructor(private readonly options: { account: string; members: readonly string[]; recordsPerBatch?: number }) {
    this.recordsPerBatch = options.recordsPerBatch ?? 50;
  }

  async account(): Promise<string> {
    return this.options.account;
  }

  unpreparable(content: BatchContent): string | null {
    if (content.kind !== "updates") return null;
    const bad = content.records.find((r) => r.asOf < 0n);
    return bad ? `value out-of-bounds (asOf ${bad.asOf})` : null;
  }

  async dryRun(account: string, _content: BatchContent): Promise<DryRunVerdict> {
    return this.options.members.includes(account) ? { ok: true } : { ok: false, reason: `NotMember(${account})` };
  }

  async prepare(request: PrepareRequest): Promise<PreparedSubmission> {
    const reason = this.unpreparable(request.content);
    if (reason !== null) throw new Error(reason);
    return this.keep({ account: request.account, slot: request.slot, content: request.content });
  }

  async prepareFiller(account: string, slot: number): Promise<PreparedSubmission> {
    return this.keep({ account, slot, content: null });
  }

  async submit(prepared: PreparedSubmission): Promise<void> {
    const submission = this.prepared.get(prepared.id);
    if (!submission) throw new AppError("INVALID_MESSAGE", `unknown payload ${prepared.id}`);
    if (this.receipts.has(prepared.id) || this.pool.has(prepared.id)) return;
    if (submission.slot < this.usedOf(submission.account)) {
      throw new AppError("NONCE_TOO_LOW", `slot ${submission.slot} of ${submission.account} is used`);
    }
    this.pool.set(prepared.id, submission);
  }

  async slotsUsed(account: string): Promise<number> {
    return this.usedOf(account);
  }

  async track(submission: { id: string; account: string }): Promise<TransactionSnapshot> {
    const receipt = this.receipts.get(submission.id) ?? null;
    return { headBlock: this.head, receipt, slotsUsed: this.usedOf(submission.account) };
  }

  /** Mines one block: every waiting submission whose slot is next in its account's sequence, in slot order. */
  mine(): void {
    const blockNumber = ++this.head;
    const blockHash = "0x" + blockNumber.toString(16).padStart(64, "0");
    for (let found = true; found;) {
      found = false;
      for (const [id, s] of this.pool) {
        if (s.slot < this.usedOf(s.account)) this.pool.delete(id);
        if (s.slot !== this.usedOf(s.account)) continue;
        this.pool.delete(id);
        this.used.set(s.account, s.slot + 1);
        const ok = s.content === null || this.options.members.includes(s.account);
        const events = ok ? eventsOf(s, { txHash: id, blockNumber, blockHash }) : [];
        const status = ok ? "success" : "reverted";
        this.receipts.set(id, { txHash: id, status, blockNumber, blockHash, gasUsed: 0n, from: s.account, events });
        found = true;
      }
    }
  }

  private usedOf(account: string): number {
    return this.used.get(account) ?? 0;
  }

  private keep(submission: Submission): PreparedSubmission {
    const payload = JSON.stringify(submission, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    const id = "0x" + createHash("sha256").update(payload).digest("hex");
    this.prepared.set(id, submission);
    return { id, payload, slot: submission.slot };
  }
}

function eventsOf(s: Submission, at: { txHash: string; blockNumber: number; blockHash: string }): RecordEvent[] {
  if (s.content?.kind !== "updates") return [];
  return s.content.records.map((r, logIndex) => ({
    kind: "upserted",
    ...at,
    logIndex,
    subjectKey: r.subjectKey,
    issuer: s.account,
    updateId: r.updateId,
    score: r.score,
    scoreModel: r.scoreModel,
    asOf: r.asOf,
    recordHash: r.recordHash,
  }));
}
