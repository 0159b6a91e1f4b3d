// The time-to-live sweep: removes expired messages from active lists (keeping order) and reports the next
// expiry, so the sweep runs again only when something is due.
import type { Deque } from "./deque.js";
import type { StoredMessage } from "./storedMessage.js";

/** Takes the expired messages out of `lists` (dropping settled leftovers too); returns them and the next expiry. */
export function takeExpired(
  lists: readonly Deque<StoredMessage>[],
  now: number,
): { expired: StoredMessage[]; earliest: number } {
  const expired: StoredMessage[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  for (const list of lists) {
    list.filter((m) => {
      if (m.removed || m.state !== "active") return false;
      if (m.expiresAt <= now) {
        expired.push(m);
        return false;
      }
      if (m.expiresAt < earliest) earliest = m.expiresAt;
      return true;
    });
  }
  return { expired, earliest };
}
