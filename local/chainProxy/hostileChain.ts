// Several hostile endpoints in front of one node, as a bank sees validators behind a load balancer: one steady,
// one lagging k blocks, one load balancer sending each request to a current or a lagging validator in turn, one
// flapping, one that accepts raw transactions and never answers. The tests and the
// local consortium (`npm start -- --hostile-chain`) pass `urls` as CHAIN_RPC_URLS.
import { startChainProxy, type ChainProxy } from "./chainProxy.js";

/** Options for {@link startHostileChain}. */
export interface HostileChainOptions {
  /** Blocks the lagging endpoint is behind. Default 2. */
  lagBlocks?: number;
  /** Up and down intervals of the flapping endpoint. Default 700 ms up, 300 ms down. */
  flap?: { upInMs: number; downInMs: number };
  /** Every endpoint answers errors in Besu's texts. Default true. */
  besuErrors?: boolean;
}

/** The running endpoints; close them with `close`. */
export interface HostileChain {
  steady: ChainProxy;
  lagging: ChainProxy;
  /** Alternates between the head and k + 1 blocks behind, one HTTP request at a time. */
  balanced: ChainProxy;
  flapping: ChainProxy;
  hanging: ChainProxy;
  /** All five, hostile ones first. */
  urls: string[];
  close(): Promise<void>;
}

/** Starts the five endpoints in front of the node at `target`. */
export async function startHostileChain(target: string, options: HostileChainOptions = {}): Promise<HostileChain> {
  const besuErrors = options.besuErrors ?? true;
  const lagBlocks = options.lagBlocks ?? 2;
  const [steady, lagging, balanced, flapping, hanging] = await Promise.all([
    startChainProxy(target, { besuErrors }),
    startChainProxy(target, { besuErrors, lagBlocks }),
    startChainProxy(target, { besuErrors, spreadLag: [0, lagBlocks + 1] }),
    startChainProxy(target, { besuErrors, flap: options.flap ?? { upInMs: 700, downInMs: 300 } }),
    startChainProxy(target, { besuErrors, hangAfterSend: true }),
  ]);
  const all = [balanced, lagging, flapping, hanging, steady];
  return {
    steady,
    lagging,
    balanced,
    flapping,
    hanging,
    urls: all.map((p) => p.url),
    close: async () => {
      await Promise.all(all.map((p) => p.close()));
    },
  };
}
