// Durable state in SQLite (better-sqlite3, WAL): instances, append-only history, the inbox of pending events
// (durable timers are inbox rows that become visible at their fire time, so they survive restarts) and activity
// work items. Every episode commits in one transaction through `commit`.
import Database from "better-sqlite3";
import { join } from "node:path";
import type { HistoryEvent } from "./history.js";

/** An orchestration instance row. */
export interface InstanceRow {
  id: string;
  name: string;
  executionId: string;
  status: RuntimeStatus;
  /** JSON text (or null). */
  input: string | null;
  output: string | null;
  customStatus: string | null;
  created: number;
  updated: number;
  /** JSON: the parent link of a sub-orchestration. */
  parent: string | null;
  /** JSON: the engine's per-execution bookkeeping. */
  state: string;
}

export type RuntimeStatus =
  "Pending" | "Running" | "Completed" | "ContinuedAsNew" | "Failed" | "Terminated" | "Suspended";

/** An event waiting for its instance. */
export interface InboxItem {
  seq: number;
  instanceId: string;
  /** Results of tasks are only valid for the execution that scheduled them. */
  executionId: string | null;
  event: HistoryEvent;
  visibleAt: number;
}

/** An activity to run. */
export interface WorkItem {
  seq: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  /** JSON text, or null for no input. */
  input: string | null;
}

/** Everything one episode changes, applied atomically. */
export interface EpisodeCommit {
  upsert?: InstanceRow[];
  deleteInstance?: string[];
  appendHistory?: { instanceId: string; events: HistoryEvent[]; resetFrom?: boolean };
  consume?: number[];
  addInbox?: Omit<InboxItem, "seq">[];
  addWork?: Omit<WorkItem, "seq">[];
  finishWork?: number[];
}

/** What a commit created, with the sequence numbers assigned. */
export interface CommitResult {
  inbox: InboxItem[];
  work: WorkItem[];
}

/** The SQLite-backed durable store (in memory when no directory is given). */
export class DurableStore {
  readonly #db: Database.Database;
  readonly #stmt;

  constructor(dataDir: string | undefined) {
    this.#db = new Database(dataDir ? join(dataDir, "durable.db") : ":memory:");
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = NORMAL");
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS instances (id TEXT PRIMARY KEY, name TEXT, executionId TEXT, status TEXT, input TEXT,
        output TEXT, customStatus TEXT, created INTEGER, updated INTEGER, parent TEXT, state TEXT);
      CREATE TABLE IF NOT EXISTS history (instanceId TEXT, seq INTEGER, event TEXT, PRIMARY KEY (instanceId, seq));
      CREATE TABLE IF NOT EXISTS inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, instanceId TEXT, executionId TEXT,
        event TEXT, visibleAt INTEGER);
      CREATE INDEX IF NOT EXISTS inbox_instance ON inbox (instanceId);
      CREATE TABLE IF NOT EXISTS work (seq INTEGER PRIMARY KEY AUTOINCREMENT, instanceId TEXT, executionId TEXT,
        taskId INTEGER, name TEXT, input TEXT);`);
    const db = this.#db;
    this.#stmt = {
      upsert: db.prepare(`INSERT OR REPLACE INTO instances VALUES (@id, @name, @executionId, @status, @input, @output,
        @customStatus, @created, @updated, @parent, @state)`),
      deleteInstance: db.prepare("DELETE FROM instances WHERE id = ?"),
      deleteHistory: db.prepare("DELETE FROM history WHERE instanceId = ?"),
      deleteInbox: db.prepare("DELETE FROM inbox WHERE instanceId = ?"),
      history: db.prepare("INSERT INTO history VALUES (?, ?, ?)"),
      historyCount: db.prepare("SELECT COUNT(*) AS n FROM history WHERE instanceId = ?"),
      consume: db.prepare("DELETE FROM inbox WHERE seq = ?"),
      inbox: db.prepare("INSERT INTO inbox (instanceId, executionId, event, visibleAt) VALUES (?, ?, ?, ?)"),
      work: db.prepare("INSERT INTO work (instanceId, executionId, taskId, name, input) VALUES (?, ?, ?, ?, ?)"),
      finishWork: db.prepare("DELETE FROM work WHERE seq = ?"),
      getInstance: db.prepare("SELECT * FROM instances WHERE id = ?"),
      allInstances: db.prepare("SELECT * FROM instances"),
      loadHistory: db.prepare("SELECT event FROM history WHERE instanceId = ? ORDER BY seq"),
      loadInbox: db.prepare("SELECT * FROM inbox ORDER BY seq"),
      loadWork: db.prepare("SELECT * FROM work ORDER BY seq"),
    };
  }

  /** Applies an episode's changes in one transaction. */
  commit(change: EpisodeCommit): CommitResult {
    return this.#db.transaction((c: EpisodeCommit): CommitResult => {
      const s = this.#stmt;
      for (const id of c.deleteInstance ?? []) {
        s.deleteInstance.run(id);
        s.deleteHistory.run(id);
        s.deleteInbox.run(id);
      }
      for (const row of c.upsert ?? []) s.upsert.run(row);
      if (c.appendHistory) {
        const { instanceId, events, resetFrom } = c.appendHistory;
        if (resetFrom) s.deleteHistory.run(instanceId);
        let seq = (s.historyCount.get(instanceId) as { n: number }).n;
        for (const event of events) s.history.run(instanceId, seq++, JSON.stringify(event));
      }
      for (const seq of c.consume ?? []) s.consume.run(seq);
      for (const seq of c.finishWork ?? []) s.finishWork.run(seq);
      const inbox = (c.addInbox ?? []).map((item) => {
        const info = s.inbox.run(item.instanceId, item.executionId, JSON.stringify(item.event), item.visibleAt);
        return { ...item, seq: Number(info.lastInsertRowid) };
      });
      const work = (c.addWork ?? []).map((item) => {
        const info = s.work.run(item.instanceId, item.executionId, item.taskId, item.name, item.input);
        return { ...item, seq: Number(info.lastInsertRowid) };
      });
      return { inbox, work };
    })(change);
  }

  getInstance(id: string): InstanceRow | undefined {
    return this.#stmt.getInstance.get(id) as InstanceRow | undefined;
  }

  allInstances(): InstanceRow[] {
    return this.#stmt.allInstances.all() as InstanceRow[];
  }

  loadHistory(id: string): HistoryEvent[] {
    return (this.#stmt.loadHistory.all(id) as { event: string }[]).map((r) => JSON.parse(r.event) as HistoryEvent);
  }

  loadInbox(): InboxItem[] {
    return (this.#stmt.loadInbox.all() as (Omit<InboxItem, "event"> & { event: string })[]).map((r) => ({
      ...r,
      event: JSON.parse(r.event) as HistoryEvent,
    }));
  }

  loadWork(): WorkItem[] {
    return this.#stmt.loadWork.all() as WorkItem[];
  }

  close(): void {
    this.#db.close();
  }
}
