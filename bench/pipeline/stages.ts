// Where an update's time goes: for a sample of updates, each stage's share of enqueue → final result, from the
// timeline each bank's read API serves (received, accepted, submitted, final) and the benchmark's own clock.
import type { ConsortiumBank } from "../../local/bank/consortium.js";
import { fetchUpdateStatus } from "../../local/bank/readApi.js";
import { percentile } from "./processCpu.js";

/** One sampled update: its bank, and when the benchmark enqueued it and received its final result (epoch ms). */
export interface StageSample {
  bank: ConsortiumBank;
  updateId: string;
  enqueuedAt: number;
  resultAt: number;
}

/** p50/p95/p99 of one stage, in ms. */
export type StageLatency = { p50: number; p95: number; p99: number };

/** Stage latencies over the samples: queue → accepted, accepted → submitted, submitted → final, final → result. */
export async function stageBreakdown(samples: readonly StageSample[]): Promise<Record<string, StageLatency>> {
  const toAccepted: number[] = [];
  const toSubmitted: number[] = [];
  const toFinal: number[] = [];
  const toResult: number[] = [];
  for (const sample of samples) {
    const { timeline } = (await fetchUpdateStatus(sample.bank, sample.updateId)) as {
      timeline: { status: string; at: string }[];
    };
    const at = (status: string) => Date.parse(timeline.find((e) => e.status === status)?.at ?? "");
    const final = Date.parse(timeline.at(-1)?.at ?? "");
    toAccepted.push(at("accepted") - sample.enqueuedAt);
    toSubmitted.push(at("submitted") - at("accepted"));
    toFinal.push(final - at("submitted"));
    toResult.push(sample.resultAt - final);
  }
  return {
    "enqueued → accepted (inbound queue, ingest batch)": percentiles(toAccepted),
    "accepted → submitted (pending list, submitter step, signing)": percentiles(toSubmitted),
    "submitted → final (next block, confirmation check)": percentiles(toFinal),
    "final → result received (results queue)": percentiles(toResult),
  };
}

function percentiles(values: readonly number[]): StageLatency {
  const known = values.filter(Number.isFinite);
  const at = (p: number) => Math.round(percentile(known, p));
  return { p50: at(50), p95: at(95), p99: at(99) };
}
