// Duplicate detection for one queue: message ids seen within the configured history window, in arrival order
// so pruning stops at the first id still inside the window.

/** The message ids a queue has seen recently. */
export class DuplicateWindow {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowInMs: number) {}

  /** True when `messageId` was seen within the window; otherwise records it and returns false. */
  isDuplicate(messageId: string, now: number): boolean {
    const seenAt = this.seen.get(messageId);
    if (seenAt !== undefined && now - seenAt < this.windowInMs) return true;
    // Re-insert so the map stays in arrival order.
    this.seen.delete(messageId);
    this.seen.set(messageId, now);
    return false;
  }

  /** Forgets ids older than the window. */
  prune(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < this.windowInMs) break;
      this.seen.delete(id);
    }
  }
}
