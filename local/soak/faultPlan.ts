// When and what the soak breaks, drawn from a seeded generator so a run can be replayed: every chosen fault kind
// once at a random time in the fault window, then further faults of random kinds at random gaps. Durations grow with
// the window, so a two-minute CI run still recovers and a long run holds a partner down for minutes.
import type { Random } from "../bank/random.js";

/** Every fault the soak can inject. */
export const FAULT_KINDS = [
  "host-kill",
  "rpc-down",
  "rpc-lag",
  "rpc-hang",
  "keyvault-429",
  "keyvault-5xx",
  "azurite-restart",
  "servicebus-restart",
  "receiver-500",
  "receiver-timeout",
  "receiver-410",
  "receiver-down",
  "nonce-gap",
  "foreign-write",
] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault to inject `atMs` after the load started, for `durationMs` (0: a moment), on `bank` where it has one. */
export interface PlannedFault {
  kind: FaultKind;
  atMs: number;
  durationMs: number;
  bank: string;
  /** Which endpoint, how many blocks, how many calls… (kind-specific, drawn with the rest). */
  size: number;
}

/** Seconds a fault lasts in a short run and in a long one (≥ 10 minutes of faults), and the draw of its size. */
const SHAPES: Record<FaultKind, { short: [number, number]; long: [number, number]; size: [number, number] }> = {
  "host-kill": { short: [0, 0], long: [0, 0], size: [0, 0] },
  "rpc-down": { short: [8, 20], long: [20, 90], size: [0, 3] },
  "rpc-lag": { short: [10, 25], long: [30, 120], size: [4, 12] },
  "rpc-hang": { short: [10, 25], long: [30, 120], size: [0, 0] },
  "keyvault-429": { short: [0, 0], long: [0, 0], size: [20, 200] },
  "keyvault-5xx": { short: [0, 0], long: [0, 0], size: [10, 80] },
  "azurite-restart": { short: [3, 8], long: [5, 30], size: [0, 0] },
  "servicebus-restart": { short: [3, 8], long: [5, 30], size: [0, 0] },
  "receiver-500": { short: [10, 25], long: [30, 180], size: [0, 0] },
  "receiver-timeout": { short: [10, 25], long: [30, 120], size: [0, 0] },
  "receiver-410": { short: [5, 15], long: [10, 60], size: [0, 0] },
  "receiver-down": { short: [20, 35], long: [120, 300], size: [0, 0] },
  "nonce-gap": { short: [0, 0], long: [0, 0], size: [0, 0] },
  "foreign-write": { short: [0, 0], long: [0, 0], size: [0, 0] },
};

const LONG_WINDOW_IN_MS = 10 * 60_000;

/** Options of {@link planFaults}. */
export interface PlanOptions {
  kinds: readonly FaultKind[];
  banks: readonly string[];
  /** Faults start within this window from the start of the load and end before it closes. */
  windowInMs: number;
  /** Mean gap between the faults drawn after every kind had its turn; 0: none. */
  meanGapInMs: number;
}

/** The seeded plan, ordered by time. */
export function planFaults(random: Random, options: PlanOptions): PlannedFault[] {
  const { kinds, windowInMs } = options;
  if (kinds.length === 0) return [];
  const draw = (kind: FaultKind, atMs: number): PlannedFault => {
    const shape = SHAPES[kind];
    const [min, max] = windowInMs >= LONG_WINDOW_IN_MS ? shape.long : shape.short;
    const durationMs = Math.min(random.int(min * 1000, max * 1000), Math.max(0, windowInMs - atMs));
    return { kind, atMs, durationMs, bank: random.pick(options.banks), size: random.int(...shape.size) };
  };
  const firstRound = kinds.map((kind) => draw(kind, random.int(Math.round(windowInMs * 0.05), windowInMs * 0.7)));
  const more: PlannedFault[] = [];
  if (options.meanGapInMs > 0) {
    for (let at = windowInMs * 0.1; ;) {
      at += Math.round(-Math.log(1 - random.next()) * options.meanGapInMs);
      if (at >= windowInMs * 0.85) break;
      more.push(draw(random.pick(kinds), at));
    }
  }
  return [...firstRound, ...more].sort((a, b) => a.atMs - b.atMs);
}

/** Parses `--faults`: `all`, `none`, or a comma-separated list of kinds. */
export function parseFaultKinds(text: string): FaultKind[] {
  if (text === "all") return [...FAULT_KINDS];
  if (text === "none" || text === "") return [];
  const kinds = text.split(",").map((k) => k.trim());
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new Error(`unknown fault kinds: ${unknown.join(", ")} (known: ${FAULT_KINDS.join(", ")})`);
  return kinds as FaultKind[];
}
