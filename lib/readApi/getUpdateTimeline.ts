// `GET /api/updates/{updateId}`: an update's status timeline, derived from its outbox row.
import { statusTimeline, type TimelineEvent } from "../domain/statusTimeline.js";
import type { OutboxStore, UpdateStatus } from "../ports/outbox.js";

/** An update's current status and timeline (no personal data), or null when the layer never saw it. */
export async function getUpdateTimeline(
  deps: { outbox: Pick<OutboxStore, "get"> },
  input: { updateId: string },
): Promise<{ updateId: string; status: UpdateStatus; timeline: TimelineEvent[] } | null> {
  const entry = await deps.outbox.get(input.updateId);
  if (!entry) return null;
  return { updateId: entry.updateId, status: entry.status, timeline: statusTimeline(entry) };
}
