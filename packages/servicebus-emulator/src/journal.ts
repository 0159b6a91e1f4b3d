// The persistence port of the emulator: entities report every durable change here. The in-memory emulator
// uses no journal; `sqliteJournal.ts` implements it when a data directory is given.
import type { StoredMessage } from "./storedMessage.js";

/** Receives every durable change an entity makes. Implementations batch writes; calls must not throw. */
export interface Journal {
  /** The message was enqueued, or its durable state (delivery count, state, properties) changed. */
  putMessage(entity: string, message: StoredMessage): void;
  /** The message left the entity (completed, moved, expired, cancelled). */
  deleteMessage(entity: string, seq: number): void;
  /** A session's state was set (undefined clears it). */
  putSessionState(entity: string, sessionId: string, state: Buffer | undefined): void;
  /** Calls `callback` once every change reported so far is on disk (used before acknowledging a send). */
  whenDurable(callback: () => void): void;
}
