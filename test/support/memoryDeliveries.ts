// The in-memory DeliveryStore: deliveries and their attempts in Maps, kept to the DeliveryStore contract
// (test/ports/deliveryStore.contract.ts) that the Azure Table adapter keeps.
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryPruning,
  DeliveryStore,
  StoredDelivery,
} from "../../lib/ports/distribution.js";

/**
 * Deliveries (with a version per write) and attempts (one per attempt number) in Maps, as the table keeps them
 * (the contract suite); counts the calls of each batch method.
 */
export class MemoryDeliveries implements DeliveryStore {
  readonly rows = new Map<string, { delivery: Delivery; version: number }>();
  readonly attemptLog = new Map<string, DeliveryAttempt>();
  readonly calls = { get: 0, addMany: 0, putMany: 0, claimMany: 0 };
  private versions = 0;
  async addMany(deliveries: readonly Delivery[]) {
    this.calls.addMany++;
    return deliveries.filter((d) => !this.rows.has(keyOf(d)) && this.write(d)).map((d) => structuredClone(d));
  }
  async get(subscriptionId: string, webhookId: string) {
    this.calls.get++;
    const row = this.rows.get(`${subscriptionId}/${webhookId}`);
    return row ? { delivery: structuredClone(row.delivery), version: String(row.version) } : null;
  }
  async putMany(deliveries: readonly Delivery[], attempts: readonly DeliveryAttempt[] = []) {
    this.calls.putMany++;
    for (const d of deliveries) this.write(d);
    for (const a of attempts) this.attemptLog.set(`${keyOf(a)}/${a.attempt}`, structuredClone(a));
  }
  async claimMany(read: readonly StoredDelivery[]) {
    this.calls.claimMany++;
    return read.flatMap(({ delivery, version }) => {
      const current = this.rows.get(keyOf(delivery));
      if (!current || String(current.version) !== version) return [];
      const claimed = { ...delivery, jobToken: `${delivery.jobToken}#claimed` };
      this.write(claimed);
      return [structuredClone(claimed)];
    });
  }
  async list(subscriptionId: string) {
    return [...this.rows.values()]
      .map((r) => r.delivery)
      .filter((d) => d.subscriptionId === subscriptionId)
      .map((d) => structuredClone(d));
  }
  async overdue(subscriptionId: string, before: string, limit: number) {
    const due = (d: Delivery) => d.nextAttemptAt ?? d.createdAt;
    return [...this.rows.values()]
      .map((r) => r.delivery)
      .filter((d) => d.subscriptionId === subscriptionId && d.status === "pending" && due(d) < before)
      .sort((a, b) => (due(a) < due(b) ? -1 : 1))
      .slice(0, limit)
      .map((d) => structuredClone(d));
  }
  async exhausted(subscriptionId: string, limit: number) {
    const all = [...this.rows.values()].map((r) => r.delivery);
    return Math.min(limit, all.filter((d) => d.subscriptionId === subscriptionId && d.status === "exhausted").length);
  }
  async prune(subscriptionId: string, options: DeliveryPruning) {
    const expired = (d: Delivery) =>
      d.subscriptionId === subscriptionId &&
      d.updatedAt < (d.status === "delivered" ? options.deliveredBefore : options.failedBefore) &&
      d.status !== "pending";
    const pruned = [...this.rows.values()].filter((r) => expired(r.delivery)).slice(0, options.limit);
    for (const { delivery } of pruned) {
      this.rows.delete(keyOf(delivery));
      for (const [key, a] of this.attemptLog) if (keyOf(a) === keyOf(delivery)) this.attemptLog.delete(key);
    }
    return pruned.length;
  }
  async attempts(subscriptionId: string, webhookId: string) {
    return [...this.attemptLog.values()]
      .filter((a) => a.subscriptionId === subscriptionId && a.webhookId === webhookId)
      .sort((a, b) => a.attempt - b.attempt)
      .map((a) => structuredClone(a));
  }
  async removeAttempts(subscriptionId: string, webhookId: string) {
    const mine = [...this.attemptLog].filter(
      ([, a]) => a.subscriptionId === subscriptionId && a.webhookId === webhookId,
    );
    for (const [key] of mine) this.attemptLog.delete(key);
    return mine.length;
  }
  private write(d: Delivery): true {
    this.rows.set(keyOf(d), { delivery: structuredClone(d), version: ++this.versions });
    return true;
  }
}

function keyOf(d: Pick<Delivery, "subscriptionId" | "webhookId">): string {
  return `${d.subscriptionId}/${d.webhookId}`;
}
