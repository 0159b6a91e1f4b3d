// The submitter's part of an erasure: an update of an erased subject still waiting for a batch is never sent (it
// would write the erased record back); it ends `failed` here, with its one result. Done by the submitter, the one
// writer of the pending list's claims, so an update is either batched or ended, never both.
import type { OutboxEntry } from "../ports/outbox.js";
import { ERASED_REASON } from "./dropTransaction.js";
import type { SubmitDeps } from "./submitDeps.js";

/** Ends the listed updates of erased subjects; returns the other listed entries and the ids it ended. */
export async function endErased(
  deps: Pick<SubmitDeps, "outbox" | "results" | "clock">,
  listed: readonly OutboxEntry[],
): Promise<{ rest: OutboxEntry[]; ended: string[] }> {
  const erased = listed.filter((e) => e.erasedAt !== undefined && e.kind !== "erasure");
  if (erased.length === 0) return { rest: [...listed], ended: [] };
  const at = deps.clock.now().toISOString();
  const outcomes = erased.map((e) => ({ updateId: e.updateId, status: "failed" as const, reason: ERASED_REASON, at }));
  await deps.outbox.markFinal(outcomes);
  await deps.outbox.unlist(erased);
  await deps.results.publish(outcomes);
  return { rest: listed.filter((e) => !erased.includes(e)), ended: outcomes.map((o) => o.updateId) };
}
