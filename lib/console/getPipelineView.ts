// The console's pipeline section: per-minute counts of the last 30 minutes from the counter rows the triggers
// write, enqueue → final p50/p99 from their histograms, the transactions in flight (nonce, age), the pending list
// and the dead-letter queues, each read up to a cap. Nothing here reads history: the work is the window's rows
// plus the work in flight.
import { mergeHistograms, percentileInMs } from "../domain/latencyHistogram.js";
import { minutesUpTo, minuteStart, sumPerMinute } from "../domain/minuteSeries.js";
import type { TransactionStore } from "../ports/submission.js";
import type { Backlog, CappedCount, ConsoleCounters, DeadLetterCount } from "../ports/console.js";
import { CONSOLE_MINUTES } from "./getConsortiumView.js";

/** The counts the pipeline chart shows, in the counter rows' names. */
export const PIPELINE_COUNTS = [
  "received",
  "accepted",
  "rejected",
  "submitted",
  "confirmed",
  "superseded",
  "failed",
  "throttled",
] as const;

/** Pending list and dead-letter queues are counted up to this. */
const COUNT_CAP = 1000;
const DEAD_LETTER_CAP = 100;

/** What the pipeline view reads. */
export interface PipelineDeps {
  counters: ConsoleCounters;
  backlog: Backlog;
  transactions: Pick<TransactionStore, "unfinished">;
  address: string;
  clock: { now(): Date };
}

/** The pipeline section. */
export interface PipelineView {
  minutes: ({ at: string } & Record<(typeof PIPELINE_COUNTS)[number], number>)[];
  latency: { p50InMs: number | null; p99InMs: number | null; samples: number };
  pending: CappedCount & { oldestAcceptedAt: string | null };
  inFlight: {
    nonce: number;
    txHash: string;
    status: string;
    updates: number;
    ageInSeconds: number;
    broadcasts: number;
  }[];
  deadLetters: DeadLetterCount[];
}

/** Reads the pipeline section. */
export async function getPipelineView(deps: PipelineDeps): Promise<PipelineView> {
  const now = deps.clock.now();
  const window = minutesUpTo(now, CONSOLE_MINUTES);
  const [rows, pending, unfinished, deadLetters] = await Promise.all([
    deps.counters.read(window[0] ?? "", window.at(-1) ?? ""),
    deps.backlog.pending(COUNT_CAP),
    deps.transactions.unfinished(deps.address),
    deps.backlog.deadLetters(DEAD_LETTER_CAP),
  ]);
  const minutes = sumPerMinute(window, rows).map(({ minute, counts }) => ({
    at: minuteStart(minute).toISOString(),
    ...(Object.fromEntries(PIPELINE_COUNTS.map((name) => [name, counts[name] ?? 0])) as Record<
      (typeof PIPELINE_COUNTS)[number],
      number
    >),
  }));
  const histogram = mergeHistograms(rows.flatMap((r) => (r.latencies ? [r.latencies] : [])));
  const samples = Object.values(histogram).reduce((sum, n) => sum + n, 0);
  return {
    minutes,
    latency: { p50InMs: percentileInMs(histogram, 0.5), p99InMs: percentileInMs(histogram, 0.99), samples },
    pending,
    inFlight: unfinished.map((tx) => ({
      nonce: tx.nonce,
      txHash: tx.hash,
      status: tx.status,
      updates: tx.entries.length,
      ageInSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(tx.createdAt)) / 1000)),
      broadcasts: tx.broadcasts,
    })),
    deadLetters,
  };
}
