// The console's partners section: each subscription with its deliveries of the last 30 minutes by outcome (from
// the dispatcher's counter rows), its last failure, the exhausted deliveries kept for replay (from the index, up to
// a cap) and why it is disabled. Work per refresh: the window's rows and one index read per subscription.
import type { DeliveryStore } from "../ports/distribution.js";
import type { SubscriptionStore } from "../ports/subscriptions.js";
import { minutesUpTo } from "../domain/minuteSeries.js";
import { subscriptionView, type SubscriptionView } from "../subscriptions/subscriptionView.js";
import type { CappedCount, ConsoleCounters } from "../ports/console.js";
import { CONSOLE_MINUTES } from "./getConsortiumView.js";

const EXHAUSTED_CAP = 1000;

/** What the partners view reads. */
export interface PartnersDeps {
  counters: ConsoleCounters;
  subscriptions: Pick<SubscriptionStore, "list">;
  deliveries: Pick<DeliveryStore, "exhausted">;
  clock: { now(): Date };
}

/** One subscription's line. */
export interface PartnerLine {
  subscription: SubscriptionView;
  /** Attempts of the last 30 minutes: delivered, failing (retried), exhausted, disabled, held. */
  recent: Record<string, number>;
  lastError: string | null;
  exhausted: CappedCount;
}

/** Reads the partners section. */
export async function getPartnersView(deps: PartnersDeps): Promise<{ partners: PartnerLine[] }> {
  const window = minutesUpTo(deps.clock.now(), CONSOLE_MINUTES);
  const [rows, subscriptions] = await Promise.all([
    deps.counters.read(window[0] ?? "", window.at(-1) ?? ""),
    deps.subscriptions.list(),
  ]);
  // Rows are read in minute order, so a later row's note replaces an earlier one.
  const recent = new Map<string, Record<string, number>>();
  const lastError = new Map<string, string>();
  for (const row of rows.filter((r) => r.key.startsWith("dispatch-"))) {
    for (const [name, n] of Object.entries(row.counts)) {
      const [status = "", id = ""] = name.split(/:(.*)/s);
      const counts = recent.get(id) ?? {};
      counts[status === "retry" ? "failing" : status] = (counts[status === "retry" ? "failing" : status] ?? 0) + n;
      recent.set(id, counts);
    }
    for (const [id, note] of Object.entries(row.notes ?? {})) lastError.set(id, note);
  }
  const partners = await Promise.all(
    subscriptions.map(async (s): Promise<PartnerLine> => {
      const exhausted = await deps.deliveries.exhausted(s.id, EXHAUSTED_CAP + 1);
      return {
        subscription: subscriptionView(s),
        recent: { delivered: 0, failing: 0, exhausted: 0, ...recent.get(s.id) },
        lastError: lastError.get(s.id) ?? null,
        exhausted: { count: Math.min(exhausted, EXHAUSTED_CAP), capped: exhausted > EXHAUSTED_CAP },
      };
    }),
  );
  return { partners };
}
