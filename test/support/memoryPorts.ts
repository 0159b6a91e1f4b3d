// In-memory implementations of the ports, for unit tests of use cases only (adapters are tested against Azurite,
// anvil and the emulators).
import { keccak256, type Wallet } from "ethers";
import type {
  SignedTransaction,
  TransactionSigner,
  UnsignedTransaction,
} from "../../lib/adapters/evm/transactionSigner.js";
import type { Clock, Random } from "../../lib/ports/runtime.js";
import type { FinalOutcome, OutboxEntry, OutboxStore } from "../../lib/ports/outbox.js";
import type { ResultPublisher, UpdateResult } from "../../lib/ports/submission.js";

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date("2026-11-22T10:00:00.000Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Deterministic "random" bytes. */
export class CountingRandom implements Random {
  private counter = 0;
  bytesHex(length: number): string {
    this.counter++;
    return "0x" + this.counter.toString(16).padStart(length * 2, "0");
  }
}

/** Results kept in a list. */
export class MemoryResults implements ResultPublisher {
  readonly published: UpdateResult[] = [];
  sends = 0;
  async publish(results: readonly UpdateResult[]): Promise<void> {
    this.sends++;
    this.published.push(...results);
  }
}

/**
 * The outbox in Maps, with the Table adapter's listing semantics (the OutboxStore contract suite runs against both):
 * a listing holds a copy of the entry as listed, ordered by acceptance time then update hash; only re-listings
 * (ensurePending, requeue) are checked against the entry's current state when read.
 */
export class MemoryOutbox implements OutboxStore {
  readonly entries = new Map<string, OutboxEntry>();
  private readonly listings = new Map<string, { entry: OutboxEntry; relisted: boolean }>();

  /** The update ids listed as pending, in the order {@link pending} reads them (a read-only view). */
  get pendingIds(): ReadonlySet<string> {
    const ordered = [...this.listings.values()].sort((a, b) => (listingKey(a.entry) < listingKey(b.entry) ? -1 : 1));
    return new Set(ordered.map((l) => l.entry.updateId));
  }
  async add(entry: OutboxEntry) {
    const existing = this.entries.get(entry.updateId);
    if (existing) return { created: false, entry: existing };
    this.entries.set(entry.updateId, entry);
    this.listings.set(entry.updateId, { entry, relisted: false });
    return { created: true, entry };
  }
  async addMany(entries: readonly OutboxEntry[]) {
    const results = [];
    for (const entry of entries) results.push(await this.add(entry));
    return results;
  }
  async get(updateId: string) {
    return this.entries.get(updateId) ?? null;
  }
  async pending(limit: number) {
    const listed: OutboxEntry[] = [];
    for (const id of [...this.pendingIds].slice(0, limit)) {
      const { entry, relisted } = this.listings.get(id) as { entry: OutboxEntry; relisted: boolean };
      const current = this.entries.get(id);
      if (!relisted) listed.push(entry);
      else if (current?.status === "accepted") listed.push(current);
      else this.listings.delete(id);
    }
    return listed;
  }
  async ensurePending(entry: OutboxEntry) {
    const current = this.entries.get(entry.updateId);
    if (current?.status !== "accepted") return false;
    this.listings.set(entry.updateId, { entry: current, relisted: true });
    return true;
  }
  async markSubmitted(entries: readonly OutboxEntry[], tx: { txHash: string; nonce: number; at: string }) {
    for (const e of entries) {
      const current = this.entries.get(e.updateId);
      if (current) {
        this.entries.set(e.updateId, {
          ...current,
          status: "submitted",
          txHash: tx.txHash,
          nonce: tx.nonce,
          submittedAt: tx.at,
        });
      }
      this.listings.delete(e.updateId);
    }
  }
  async markFinal(outcomes: readonly FinalOutcome[]) {
    for (const { at, ...o } of outcomes) {
      const e = this.entries.get(o.updateId);
      if (e) this.entries.set(o.updateId, { ...e, ...o, finalAt: at });
    }
  }
  async prune(before: string, limit: number) {
    const final = (e: OutboxEntry) => e.status !== "accepted" && e.status !== "submitted" && e.finalAt !== undefined;
    const old = [...this.entries.values()]
      .filter((e) => final(e) && e.finalAt! < before)
      .sort((a, b) => (a.finalAt! < b.finalAt! ? -1 : 1))
      .slice(0, limit);
    for (const e of old) this.entries.delete(e.updateId);
    return old.length;
  }
  async unlist(entries: readonly OutboxEntry[]) {
    for (const e of entries) this.listings.delete(e.updateId);
  }
  async requeue(updateIds: readonly string[], at: string) {
    for (const id of updateIds) {
      const e = this.entries.get(id);
      if (!e) continue;
      const requeued = { ...e, status: "accepted" as const, acceptedAt: at, requeues: (e.requeues ?? 0) + 1 };
      this.entries.set(id, requeued);
      this.listings.set(id, { entry: requeued, relisted: true });
    }
  }
}

function listingKey(entry: OutboxEntry): string {
  return `${String(Date.parse(entry.acceptedAt)).padStart(15, "0")}_${entry.updateIdHash}`;
}

/**
 * Transactions and nonces in Maps, as strict as the table (test/ports/transactionStore.contract.ts): version
 * checks like its ETags, CONFLICT for an occupied nonce, NOT_FOUND for updating a missing one, copies in and out.
 */
/** A local-key signer for tests. */
export class WalletSigner implements TransactionSigner {
  constructor(readonly wallet: Wallet) {}
  async getAddress(): Promise<string> {
    return this.wallet.address;
  }
  async signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction> {
    const raw = await this.wallet.signTransaction({ ...tx, type: tx.gasPrice === undefined ? 2 : 0 });
    return { raw, hash: keccak256(raw), nonce: tx.nonce };
  }
}
