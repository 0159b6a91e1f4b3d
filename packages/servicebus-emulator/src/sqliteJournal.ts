// Persistence for `--data-dir`: a SQLite file (better-sqlite3, WAL) holding every message and session
// state, and each entity's last sequence number (the service never reuses one). Writes are coalesced per message and flushed in one transaction every few milliseconds, so a message
// sent and completed within the window never touches the disk and the hot path stays in memory.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { encodeTyped, SECTION } from "./amqpCodec.js";
import type { Broker } from "./broker.js";
import type { Journal } from "./journal.js";
import { amqpMessage, amqpTypes } from "./rheaInternals.js";
import type { StoredMessage } from "./storedMessage.js";

const FLUSH_DELAY_IN_MS = 5;

type Meta = Pick<
  StoredMessage,
  | "messageId"
  | "sessionId"
  | "enqueuedAt"
  | "scheduledAt"
  | "ttlInMs"
  | "deliveryCount"
  | "state"
  | "durable"
  | "priority"
  | "enqueueSeq"
>;

/** A journal backed by SQLite, with `restore` to reload a broker and `close` to flush and close. */
export interface SqliteJournal extends Journal {
  restore(broker: Broker): void;
  close(): void;
}

function metaOf(m: StoredMessage): Meta {
  const {
    messageId,
    sessionId,
    enqueuedAt,
    scheduledAt,
    ttlInMs,
    deliveryCount,
    state,
    durable,
    priority,
    enqueueSeq,
  } = m;
  return {
    messageId,
    sessionId,
    enqueuedAt,
    scheduledAt,
    ttlInMs,
    deliveryCount,
    state,
    durable,
    priority,
    enqueueSeq,
  };
}

function annotationBytes(m: StoredMessage): Buffer | null {
  if (!m.annotations) return null;
  return encodeTyped(
    amqpTypes.described(amqpTypes.wrap_ulong(SECTION.messageAnnotations), amqpTypes.wrap_symbolic_map(m.annotations)),
  );
}

/** Opens (creating if needed) `<dataDir>/servicebus.db`. */
export function openSqliteJournal(dataDir: string): SqliteJournal {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, "servicebus.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE IF NOT EXISTS messages (entity TEXT NOT NULL, seq INTEGER NOT NULL, meta TEXT NOT NULL,
      annotations BLOB, properties BLOB NOT NULL, app BLOB NOT NULL, body BLOB NOT NULL, PRIMARY KEY (entity, seq)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS sessions (entity TEXT NOT NULL, id TEXT NOT NULL, state BLOB NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS sequences (entity TEXT NOT NULL PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;`);
  const put = db.prepare("INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?, ?, ?, ?)");
  const del = db.prepare("DELETE FROM messages WHERE entity = ? AND seq = ?");
  const putSession = db.prepare("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?)");
  const delSession = db.prepare("DELETE FROM sessions WHERE entity = ? AND id = ?");
  const putLast = db.prepare(
    "INSERT INTO sequences VALUES (?, ?) ON CONFLICT(entity) DO UPDATE SET last = max(last, excluded.last)",
  );
  const lastSeq = new Map<string, number>();
  const pending = new Map<string, { entity: string; seq: number; message: StoredMessage | undefined }>();
  const pendingSessions = new Map<string, { entity: string; id: string; state: Buffer | undefined }>();
  let timer: NodeJS.Timeout | undefined;
  let waiting: (() => void)[] = [];

  const flush = db.transaction(() => {
    for (const { entity, seq, message: m } of pending.values()) {
      if (!m) del.run(entity, seq);
      else
        put.run(
          entity,
          seq,
          JSON.stringify(metaOf(m)),
          annotationBytes(m),
          m.properties,
          m.applicationPropertiesBytes,
          m.body,
        );
    }
    for (const [entity, last] of lastSeq) putLast.run(entity, last);
    for (const { entity, id, state } of pendingSessions.values()) {
      if (state) putSession.run(entity, id, state);
      else delSession.run(entity, id);
    }
    pending.clear();
    pendingSessions.clear();
    lastSeq.clear();
  });
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      flushAndNotify();
    }, FLUSH_DELAY_IN_MS);
  };
  const flushAndNotify = () => {
    flush();
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  };
  let restoring = false;

  return {
    putMessage(entity, message) {
      if (restoring) return;
      pending.set(`${entity}\u0000${message.seq}`, { entity, seq: message.seq, message });
      lastSeq.set(entity, Math.max(lastSeq.get(entity) ?? 0, message.seq));
      schedule();
    },
    deleteMessage(entity, seq) {
      pending.set(`${entity}\u0000${seq}`, { entity, seq, message: undefined });
      schedule();
    },
    putSessionState(entity, id, state) {
      pendingSessions.set(`${entity}\u0000${id}`, { entity, id, state });
      schedule();
    },
    whenDurable(callback) {
      if (pending.size === 0 && pendingSessions.size === 0) return callback();
      waiting.push(callback);
      schedule();
    },
    restore(broker) {
      restoring = true;
      try {
        restoreInto(db, broker);
      } finally {
        restoring = false;
      }
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
      flushAndNotify();
      db.close();
    },
  };
}

interface Row {
  entity: string;
  seq: number;
  meta: string;
  annotations: Buffer | null;
  properties: Buffer;
  app: Buffer;
  body: Buffer;
}

function restoreInto(db: Database.Database, broker: Broker): void {
  const now = Date.now();
  for (const row of db.prepare("SELECT * FROM messages ORDER BY entity, seq").iterate() as IterableIterator<Row>) {
    const entity = broker.resolve(row.entity);
    if (!entity) continue;
    const meta = JSON.parse(row.meta) as Meta;
    const annotations = row.annotations ? amqpMessage.decode(row.annotations).message_annotations : undefined;
    const applicationProperties = row.app.length > 0 ? amqpMessage.decode(row.app).application_properties : undefined;
    const message: StoredMessage = {
      ...meta,
      seq: row.seq,
      sessionId: meta.sessionId ?? undefined,
      scheduledAt: meta.scheduledAt ?? undefined,
      ttlInMs: meta.ttlInMs ?? undefined,
      enqueueSeq: meta.enqueueSeq ?? undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      removed: false,
      lockToken: undefined,
      annotations,
      properties: row.properties,
      applicationProperties,
      applicationPropertiesBytes: row.app,
      body: row.body,
    };
    if (message.state === "scheduled" && (message.scheduledAt ?? 0) <= now) message.state = "active";
    entity.admit(message, now);
  }
  for (const row of db.prepare("SELECT * FROM sequences").iterate() as IterableIterator<{
    entity: string;
    last: number;
  }>)
    broker.resolve(row.entity)?.continueAfter(row.last);
  for (const row of db.prepare("SELECT * FROM sessions").iterate() as IterableIterator<{
    entity: string;
    id: string;
    state: Buffer;
  }>) {
    const entity = broker.resolve(row.entity);
    const entry = entity?.sessions?.entry(row.id);
    if (entry) entry.state = row.state;
  }
}
