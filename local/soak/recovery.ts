// The soak's timings. Recovery after a fault: the seconds from its end (the moment of a kill or a burst, the
// restore of anything that lasted) until everything that was waiting at that moment in its scope had its answer —
// the messages sent to the banks it touched, or for a receiver, the records confirmed before it ended reaching it.
// Throughput: final results per second while any lasting fault was active, and while none was.
import type { InjectedFault } from "./faultInjectors.js";

/** A piece of work: when it entered, when its answer came (undefined: never), and which bank it concerns. */
export interface Work {
  bank: string;
  startedAt: number;
  doneAt: number | undefined;
}

const BANK_SCOPED = new Set(["host-kill", "nonce-gap", "foreign-write"]);

/** Seconds until the work waiting in the fault's scope at its end was done (0 when nothing was waiting). */
export function recoverySeconds(fault: InjectedFault, answers: readonly Work[], deliveries: readonly Work[]): number {
  const receiverFault = fault.kind.startsWith("receiver-");
  const scope = receiverFault ? deliveries : answers;
  const bankScoped = receiverFault || BANK_SCOPED.has(fault.kind);
  let last = fault.endedAt;
  for (const work of scope) {
    if (work.startedAt > fault.endedAt || (bankScoped && work.bank !== fault.bank)) continue;
    if (work.doneAt === undefined) return Infinity;
    if (work.doneAt > last) last = work.doneAt;
  }
  return (last - fault.endedAt) / 1000;
}

/** Final results per second inside and outside the lasting faults, over [from, to]. */
export function throughput(
  faults: readonly InjectedFault[],
  finalsAt: readonly number[],
  window: { from: number; to: number },
): { duringFaults: number; withoutFaults: number; secondsWithFaults: number } {
  const spans = faults
    .filter((f) => f.endedAt - f.startedAt >= 1_000)
    .map((f) => [Math.max(f.startedAt, window.from), Math.min(f.endedAt, window.to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const top = merged.at(-1);
    if (top && a <= top[1]) top[1] = Math.max(top[1], b);
    else merged.push([a, b]);
  }
  const inside = (t: number) => merged.some(([a, b]) => t >= a && t <= b);
  const withFaultsMs = merged.reduce((sum, [a, b]) => sum + (b - a), 0);
  const withoutMs = window.to - window.from - withFaultsMs;
  const during = finalsAt.filter((t) => t >= window.from && t <= window.to && inside(t)).length;
  const outside = finalsAt.filter((t) => t >= window.from && t <= window.to && !inside(t)).length;
  return {
    duringFaults: withFaultsMs > 0 ? round((during * 1000) / withFaultsMs) : 0,
    withoutFaults: withoutMs > 0 ? round((outside * 1000) / withoutMs) : 0,
    secondsWithFaults: round(withFaultsMs / 1000),
  };
}

/** The p50 and max of finite values (null when there are none). */
export function p50AndMax(values: readonly number[]): { p50: number; max: number } | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { p50: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0), max: round(sorted.at(-1) ?? 0) };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
