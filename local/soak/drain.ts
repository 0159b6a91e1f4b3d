// Waiting for the consortium to finish after the load and the faults stopped: until every message sent has its
// answer and every confirmed record reached every other bank's receiver, then a quiet spell in which nothing new
// arrives (a late duplicate would), or until the deadline. Progress is judged from the outside, as the audit is.
import type { ObservedDelivery } from "./deliveryObserver.js";
import type { Load } from "./loadGenerator.js";
import type { ResultsObserver } from "./resultsObserver.js";

/** What the drain watches. */
export interface DrainInput {
  load: Load;
  observer: ResultsObserver;
  deliveries: readonly ObservedDelivery[];
  /** How many banks (each record goes to every bank's receiver but its issuer's). */
  banks: number;
  timeoutInMs: number;
  say: (line: string) => void;
}

const QUIET_IN_MS = 8_000;
const POLL_IN_MS = 2_000;

/** Resolves with how long it waited and what was still missing when it stopped. */
export async function drain(
  input: DrainInput,
): Promise<{ seconds: number; missingAnswers: number; missingDeliveries: number }> {
  const started = Date.now();
  for (;;) {
    const answered = new Set(
      input.observer.results
        .filter((r) => r.result.status !== "accepted")
        .map((r) => r.result.messageId ?? r.result.updateId),
    );
    const waiting = new Set(
      input.load.sent
        .filter((s) => s.message.expect.kind === "update" || s.message.expect.kind === "malformed")
        .map((s) => s.message.messageId),
    );
    const missingAnswers = [...waiting].filter((id) => !answered.has(id)).length;
    const confirmed = input.observer.results.filter((r) => r.result.status === "confirmed");
    const delivered = new Set(
      input.deliveries
        .filter((d) => d.status !== null && d.status < 300)
        .map((d) => `${d.receiver}|${d.issuer}|${d.updateIdHash}`),
    );
    const missingDeliveries = confirmed.length * (input.banks - 1) - delivered.size;
    const quiet = Date.now() - Math.max(input.observer.lastAt(), lastRequestAt(input.deliveries)) >= QUIET_IN_MS;
    const seconds = (Date.now() - started) / 1000;
    if ((missingAnswers === 0 && missingDeliveries <= 0 && quiet) || Date.now() - started > input.timeoutInMs)
      return { seconds, missingAnswers, missingDeliveries: Math.max(0, missingDeliveries) };
    input.say(
      `draining: ${missingAnswers} answers and ${Math.max(0, missingDeliveries)} deliveries to come (${Math.round(seconds)} s)`,
    );
    await new Promise((resolve) => setTimeout(resolve, POLL_IN_MS));
  }
}

function lastRequestAt(deliveries: readonly ObservedDelivery[]): number {
  return deliveries.at(-1)?.at ?? 0;
}
