// `GET /api/health`: each JSON-RPC endpoint (alive, block height, lag behind the highest, peers, zero gas price
// accepted when the fee strategy is zero) and each dependency (storage, Service Bus, Key Vault). The bank can write
// when one endpoint is usable and every dependency writes need answers; otherwise the function answers 503.
import type { ChainProbe, DependencyCheck, EndpointProbe } from "../ports/health.js";

/** Health settings. */
export interface HealthSettings {
  /** An endpoint further behind the highest one than this is lagging. */
  maxLagInBlocks: number;
  /** Fewer peers than this is a problem (a validator alone cannot reach consensus). */
  minPeers: number;
  feeStrategy: "zero" | "market";
  checkTimeoutInMs: number;
}

/** One endpoint's health. */
export interface EndpointHealthView extends EndpointProbe {
  lagInBlocks?: number;
  problems: string[];
}

/** The health report. */
export interface HealthReport {
  status: "ok" | "degraded" | "down";
  canWrite: boolean;
  httpStatus: 200 | 503;
  chain: { highestBlock: number | null; endpoints: EndpointHealthView[] };
  dependencies: { name: string; ok: boolean; requiredForWrites: boolean; error?: string }[];
}

/** Checks everything, concurrently. */
export async function getHealth(deps: {
  probe: ChainProbe;
  checks: readonly DependencyCheck[];
  settings: HealthSettings;
}): Promise<HealthReport> {
  const [probes, dependencies] = await Promise.all([
    deps.probe.probe(),
    Promise.all(deps.checks.map((c) => runCheck(c, deps.settings.checkTimeoutInMs))),
  ]);
  const heights = probes.flatMap((p) => (p.blockNumber === undefined ? [] : [p.blockNumber]));
  const highest = heights.length > 0 ? Math.max(...heights) : null;
  const endpoints = probes.map((p) => assess(p, highest, deps.settings));
  const chainUsable = endpoints.some((e) => e.problems.length === 0);
  const canWrite = chainUsable && dependencies.every((d) => d.ok || !d.requiredForWrites);
  const clean = endpoints.every((e) => e.problems.length === 0) && dependencies.every((d) => d.ok);
  return {
    status: !canWrite ? "down" : clean ? "ok" : "degraded",
    canWrite,
    httpStatus: canWrite ? 200 : 503,
    chain: { highestBlock: highest, endpoints },
    dependencies,
  };
}

function assess(probe: EndpointProbe, highest: number | null, settings: HealthSettings): EndpointHealthView {
  const problems: string[] = [];
  if (!probe.ok) return { ...probe, problems: [`unreachable: ${probe.error ?? "no answer"}`] };
  const lag = highest !== null && probe.blockNumber !== undefined ? highest - probe.blockNumber : undefined;
  if (lag !== undefined && lag > settings.maxLagInBlocks) problems.push(`lagging ${lag} blocks behind`);
  if (probe.peers !== undefined && probe.peers < settings.minPeers) problems.push(`only ${probe.peers} peers`);
  if (settings.feeStrategy === "zero" && probe.gasPrice !== undefined && probe.gasPrice !== "0") {
    problems.push(`gas price ${probe.gasPrice}: zero-fee transactions would not be accepted`);
  }
  return { ...probe, lagInBlocks: lag, problems };
}

async function runCheck(check: DependencyCheck, timeoutInMs: number): Promise<HealthReport["dependencies"][number]> {
  const { name, requiredForWrites } = check;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutInMs} ms`)), timeoutInMs);
    });
    await Promise.race([check.check(), timeout]);
    return { name, ok: true, requiredForWrites };
  } catch (error) {
    const text = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { name, ok: false, requiredForWrites, error: text.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
