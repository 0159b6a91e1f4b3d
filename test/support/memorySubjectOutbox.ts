// The SubjectOutbox over a MemoryOutbox's entries, as strict as the table adapter: found by subject key in any case
// (updates and tombstones; a governance action belongs to no subject), redaction idempotent and state kept. It needs
// no index: it filters the entries it holds.
import type { OutboxEntry, SubjectOutbox } from "../../lib/ports/outbox.js";
import type { MemoryOutbox } from "./memoryPorts.js";

/** Erasure access to `outbox`'s entries. */
export class MemorySubjectOutbox implements SubjectOutbox {
  constructor(private readonly outbox: MemoryOutbox) {}

  async entriesOf(subjectKey: string): Promise<OutboxEntry[]> {
    const key = subjectKey.toLowerCase();
    return [...this.outbox.entries.values()].filter(
      (e) => e.kind !== "governance" && e.input.subjectKey.toLowerCase() === key,
    );
  }

  async erase(entries: readonly OutboxEntry[], at: string): Promise<number> {
    let erased = 0;
    for (const { updateId } of entries) {
      const current = this.outbox.entries.get(updateId);
      if (!current || (current.record === null && current.salt === null && current.erasedAt !== undefined)) continue;
      if (current.record !== null || current.salt !== null) erased++;
      this.outbox.entries.set(updateId, { ...current, record: null, salt: null, erasedAt: at });
    }
    return erased;
  }
}
