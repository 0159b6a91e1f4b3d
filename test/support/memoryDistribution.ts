// In-memory implementations of the distribution ports, for unit tests of use cases (adapters are tested against
// Azurite, the emulators and real HTTP receivers).
import { finalPosition } from "../../lib/adapters/tables/outboxRows.js";
import { isSafeKey, safeKey } from "../../lib/adapters/tables/tableDocuments.js";
import { AppError } from "../../lib/domain/appError.js";
import type { ReconciliationReport } from "../../lib/domain/reconciliationReport.js";
import type { ChainRecordEvent } from "../../lib/domain/webhookEvents.js";
import type {
  Checkpoint,
  CheckpointStore,
  DeliveryJob,
  DeliveryQueue,
  RecordIndex,
} from "../../lib/ports/distribution.js";
import type { OutboxReader } from "../../lib/ports/outbox.js";
import type { ReportStore } from "../../lib/ports/reconciliation.js";
import type { SecretStore, Subscription, SubscriptionStore } from "../../lib/ports/subscriptions.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";

/** Subscriptions in a Map; ids are held to the table's key rules (test/ports/subscriptionStore.contract.ts). */
export class MemorySubscriptions implements SubscriptionStore {
  readonly rows = new Map<string, Subscription>();
  async create(s: Subscription) {
    if (!isSafeKey(s.id)) throw new AppError("INVALID_MESSAGE", "a subscription id may not contain / \\ # ?");
    if (this.rows.has(s.id)) throw new AppError("CONFLICT", "exists");
    this.rows.set(s.id, structuredClone(s));
  }
  async get(id: string) {
    const s = this.rows.get(id);
    return s ? structuredClone(s) : null;
  }
  async list() {
    return [...this.rows.values()].map((s) => structuredClone(s));
  }
  async put(s: Subscription) {
    if (!this.rows.has(s.id)) throw new AppError("NOT_FOUND", "no subscription");
    this.rows.set(s.id, structuredClone(s));
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
}

/** A queue the test drains: jobs become due at their time. */
export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly jobs: { job: DeliveryJob; at: Date }[] = [];
  /** How many times jobs were handed over (one send of many jobs counts once). */
  sends = 0;
  async scheduleMany(jobs: readonly { job: DeliveryJob; at: Date }[]) {
    if (jobs.length > 0) this.sends++;
    for (const { job, at } of jobs) this.jobs.push({ job: { ...job }, at });
  }
  /** Removes and returns the jobs due at `now`, earliest first. */
  takeDue(now: Date): DeliveryJob[] {
    const due = this.jobs.filter((j) => j.at.getTime() <= now.getTime()).sort((a, b) => +a.at - +b.at);
    for (const d of due) this.jobs.splice(this.jobs.indexOf(d), 1);
    return due.map((d) => d.job);
  }
  /** The earliest scheduled time, if any. */
  nextAt(): Date | undefined {
    return this.jobs.map((j) => j.at).sort((a, b) => +a - +b)[0];
  }
}

/** Versioned secrets in a Map, names held to Key Vault's rules (test/ports/secretStore.contract.ts). */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  private counter = 0;
  async set(name: string, value: string) {
    if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) throw new AppError("STORAGE_REJECTED", `invalid secret name ${name}`);
    const version = `v${++this.counter}`;
    this.values.set(`${name}/${version}`, value);
    return version;
  }
  async get(name: string, version: string) {
    const value = this.values.get(`${name}/${version}`);
    if (value === undefined) throw new AppError("NOT_FOUND", `no secret ${name}/${version}`);
    return value;
  }
}

/** Checkpoints with version checks. */
export class MemoryCheckpoints implements CheckpointStore {
  readonly rows = new Map<string, Checkpoint & { version: number }>();
  async get(key: string) {
    const row = this.rows.get(safeKey(key));
    if (!row) return { nextBlock: null, version: null };
    const { version, ...checkpoint } = row;
    return { ...checkpoint, version: String(version) };
  }
  async set(key: string, checkpoint: Checkpoint, version: string | null) {
    const row = this.rows.get(safeKey(key));
    if ((row ? String(row.version) : null) !== version) throw new AppError("CONFLICT", "checkpoint moved");
    this.rows.set(key, { ...checkpoint, version: (row?.version ?? 0) + 1 });
    return String((row?.version ?? 0) + 1);
  }
}

/** The record index in a Map, keyed in lower case as the table is (test/ports/recordIndex.contract.ts). */
export class MemoryRecordIndex implements RecordIndex {
  readonly rows = new Map<string, ChainRecordEvent>();
  async putRange(_range: { fromBlock: number; toBlock: number }, events: readonly ChainRecordEvent[]) {
    for (const e of events) this.put(e);
  }
  /** Test helper: keeps one event if newer. */
  put(e: ChainRecordEvent) {
    const key = indexKey(e.subjectKey, e.issuer);
    const old = this.rows.get(key);
    if (!old || old.blockNumber < e.blockNumber || (old.blockNumber === e.blockNumber && old.logIndex < e.logIndex)) {
      this.rows.set(key, structuredClone(e));
    }
  }
  async latest(subjectKey: string, issuer: string) {
    const found = this.rows.get(indexKey(subjectKey, issuer));
    return found ? structuredClone(found) : null;
  }
}

function indexKey(subjectKey: string, issuer: string): string {
  return `${subjectKey.toLowerCase()}/${issuer.toLowerCase()}`;
}

/** An OutboxReader over a MemoryOutbox's Map (test/ports/outboxReader.contract.ts). */
export class MemoryOutboxReader implements OutboxReader {
  constructor(private readonly entries: Map<string, OutboxEntry>) {}
  async byUpdateIdHash(hash: string) {
    const hex = (h: string) => h.toLowerCase().replace(/^0x/, "");
    return [...this.entries.values()].find((e) => hex(e.updateIdHash) === hex(hash)) ?? null;
  }
  async unfinished(limit: number) {
    return [...this.entries.values()]
      .filter((e) => e.status === "accepted" || e.status === "submitted")
      .slice(0, limit);
  }
  async finalized(from: { after: string } | { since: string }, limit: number) {
    const after = "after" in from ? from.after : finalPosition(from.since, "");
    const open = new Set(["accepted", "submitted"]);
    const final = [...this.entries.values()].flatMap((e) =>
      open.has(e.status) || e.finalAt === undefined ? [] : [{ e, at: finalPosition(e.finalAt, e.updateIdHash) }],
    );
    const chosen = final
      .filter(({ at }) => at > after)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .slice(0, Math.max(0, limit));
    return { entries: chosen.map(({ e }) => e), next: chosen.at(-1)?.at ?? ("after" in from ? after : null) };
  }
}

/** Reports by start time and id, as the table keys them (test/ports/reportStore.contract.ts). */
export class MemoryReports implements ReportStore {
  readonly reports = new Map<string, ReconciliationReport>();
  async save(r: ReconciliationReport) {
    this.reports.set(`${r.startedAt}/${r.id}`, structuredClone(r));
  }
  async latest() {
    const newest = [...this.reports.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
    return newest ? structuredClone(newest) : null;
  }
  async prune(before: string) {
    const old = [...this.reports].filter(([, r]) => r.startedAt < before);
    for (const [key] of old) this.reports.delete(key);
    return old.length;
  }
}
