// Health probes: each JSON-RPC endpoint on its own, and the dependencies the bank writes through.

/** What one JSON-RPC endpoint answered. */
export interface EndpointProbe {
  url: string;
  ok: boolean;
  blockNumber?: number;
  peers?: number;
  gasPrice?: string;
  latencyInMs: number;
  error?: string;
}

/** Probes every configured JSON-RPC endpoint separately (no failover). */
export interface ChainProbe {
  probe(): Promise<EndpointProbe[]>;
}

/** A named dependency check (storage, Service Bus, Key Vault); throws when unusable. */
export interface DependencyCheck {
  name: string;
  /** Whether the bank cannot write without it. */
  requiredForWrites: boolean;
  check(): Promise<void>;
}
