// Messages waiting for their scheduled enqueue time, ordered by that time; cancelled ones are skipped lazily.
import { MinHeap } from "./minHeap.js";
import type { StoredMessage } from "./storedMessage.js";

/** The scheduled messages of one entity. */
export class ScheduledMessages {
  private readonly heap = new MinHeap<StoredMessage>((m) => m.scheduledAt ?? 0);
  /** Scheduled messages not yet enqueued or cancelled. */
  count = 0;

  add(m: StoredMessage): void {
    m.state = "scheduled";
    this.count++;
    this.heap.push(m);
  }

  /** Removes and returns the messages whose time has come (enqueued time = scheduled time). */
  takeDue(now: number): StoredMessage[] {
    const due: StoredMessage[] = [];
    for (let m = this.heap.peek(); m && (m.scheduledAt ?? 0) <= now; m = this.heap.peek()) {
      this.heap.pop();
      if (m.removed || m.state !== "scheduled") continue;
      this.count--;
      m.enqueuedAt = m.scheduledAt ?? now;
      due.push(m);
    }
    return due;
  }
}
