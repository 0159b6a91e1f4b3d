// The console's consortium section: every JSON-RPC endpoint the bank knows (from the cached health check: height,
// lag, peers, latency) with when it last answered, the block time, blocks, transactions and records per minute
// over the last 30 minutes (a sliding window of block headers), and the registry's members.
import type { HealthReport } from "../readApi/getHealth.js";
import { minuteKey, minutesUpTo, minuteStart, sumPerMinute } from "../domain/minuteSeries.js";
import type { ChainActivityWindow } from "./chainActivityWindow.js";
import type { BlockActivity, ChainActivity } from "../ports/console.js";

/** The window the console charts. */
export const CONSOLE_MINUTES = 30;

/** What the consortium view reads. */
export interface ConsortiumDeps {
  health: () => Promise<{ report: HealthReport; checkedAt: Date }>;
  window: ChainActivityWindow;
  activity: ChainActivity;
  /** When each endpoint last answered, kept by the caller across refreshes (one entry per configured endpoint). */
  lastSeen: Map<string, string>;
  clock: { now(): Date };
}

/** The consortium section. */
export interface ConsortiumView {
  checkedAt: string;
  highestBlock: number | null;
  blockTimeInSeconds: number | null;
  endpoints: (HealthReport["chain"]["endpoints"][number] & { lastSeenAt: string | null })[];
  minutes: { at: string; blocks: number; transactions: number; records: number }[];
  members: string[];
  errors: string[];
}

/** Reads the consortium section; a part that cannot be read is named in `errors` and left empty. */
export async function getConsortiumView(deps: ConsortiumDeps): Promise<ConsortiumView> {
  const now = deps.clock.now();
  const errors: string[] = [];
  const failed =
    <T>(what: string, fallback: T) =>
    (error: unknown) => {
      errors.push(`${what}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      return fallback;
    };
  const [{ report, checkedAt }, blocks, members] = await Promise.all([
    deps.health(),
    deps.window.refresh(now).catch(failed("blocks", [] as BlockActivity[])),
    deps.activity.members().catch(failed("members", [] as string[])),
  ]);
  for (const e of report.chain.endpoints) if (e.ok) deps.lastSeen.set(e.url, checkedAt.toISOString());
  const rows = blocks.map((b) => ({
    minute: minuteKey(new Date(b.timestamp * 1000)),
    counts: { blocks: 1, transactions: b.transactions, records: b.records },
  }));
  const minutes = sumPerMinute(minutesUpTo(now, CONSOLE_MINUTES), rows).map(({ minute, counts }) => ({
    at: minuteStart(minute).toISOString(),
    blocks: counts["blocks"] ?? 0,
    transactions: counts["transactions"] ?? 0,
    records: counts["records"] ?? 0,
  }));
  return {
    checkedAt: checkedAt.toISOString(),
    highestBlock: report.chain.highestBlock,
    blockTimeInSeconds: blockTime(blocks.slice(-21)),
    endpoints: report.chain.endpoints.map((e) => ({ ...e, lastSeenAt: deps.lastSeen.get(e.url) ?? null })),
    minutes,
    members,
    errors,
  };
}

function blockTime(blocks: readonly BlockActivity[]): number | null {
  const first = blocks[0];
  const last = blocks.at(-1);
  if (!first || !last || last.number === first.number) return null;
  return Math.round(((last.timestamp - first.timestamp) / (last.number - first.number)) * 100) / 100;
}
